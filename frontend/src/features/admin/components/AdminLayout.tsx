import { NavLink, Outlet } from 'react-router';
import { useSession } from '../../auth/hooks/useSession';
import { NoAccess } from '../../auth/components/RequireRole';
import { adminSectionsFor } from '../admin-sections';
import { SubNav } from '../../../components/SubNav';

/** The admin area: its own sub-navigation, only the sections the user's role may open. */
export function AdminLayout() {
  const role = useSession().data?.user.role;
  const sections = adminSectionsFor(role);
  if (sections.length === 0) return <NoAccess />;
  return (
    <div className="admin">
      <SubNav label="Administration">
        {sections.map((section) => (
          <NavLink key={section.path} to={section.path}>
            {section.label}
          </NavLink>
        ))}
      </SubNav>
      <Outlet />
    </div>
  );
}

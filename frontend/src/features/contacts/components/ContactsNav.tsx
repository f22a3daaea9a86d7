import { NavLink } from 'react-router';
import { SubNav } from '../../../components/SubNav';

export function ContactsNav() {
  return (
    <SubNav label="Contacts">
      <NavLink to="/contacts/journalists">Journalists</NavLink>
      <NavLink to="/contacts/outlets">Outlets</NavLink>
    </SubNav>
  );
}

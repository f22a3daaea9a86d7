import { NavLink } from 'react-router';

export function ContactsNav() {
  return (
    <nav aria-label="Contacts" className="sub-nav">
      <NavLink to="/contacts/journalists">Journalists</NavLink>
      <NavLink to="/contacts/outlets">Outlets</NavLink>
    </nav>
  );
}

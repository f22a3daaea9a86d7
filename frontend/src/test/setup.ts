import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
import { setCsrfToken } from '../api/client';

// findBy*/waitFor wait for the element, not a fixed time: a generous deadline costs nothing when the
// page is quick and keeps a busy CI machine (load 15+ on two cores) from failing a correct page.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  setCsrfToken(null);
});

import '@testing-library/jest-dom';
import { setCsrfToken } from '../api/client';

afterEach(() => {
  setCsrfToken(null);
});

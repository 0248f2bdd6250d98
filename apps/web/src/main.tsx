import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHashRouter, RouterProvider } from 'react-router-dom';
import { App } from './App';

/*
 * Our own hash router instead of react-admin's, only to turn off React
 * transitions for navigation: react-admin's logout navigates to /login and then
 * clears the query cache; inside a transition the cleared auth check re-renders
 * first and logs out again, looping for seconds before the login page shows.
 */
const router = createHashRouter([{ path: '*', element: <App /> }]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} useTransitions={false} />
  </StrictMode>,
);

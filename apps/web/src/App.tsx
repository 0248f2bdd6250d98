import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider, CHANGE_PASSWORD_PATH } from './providers/authProvider';
import { createDataProvider } from './providers/dataProvider';
import { i18nProvider } from './providers/i18nProvider';
import { createStore } from './providers/store';
import { Layout } from './layout/Layout';
import { theme } from './layout/theme';
import { AccessDenied } from './layout/AccessDenied';
import { LoginPage } from './auth/LoginPage';
import { ChangePasswordPage } from './auth/ChangePasswordPage';
import { Workspace } from './workspace/Workspace';
import { users } from './users';
import { offices } from './offices';
import { regions } from './regions';
import { auditEvents } from './audit-events';
import { MyTasks, TargetedQueue, workItems } from './work-items';
import { jobseekers } from './jobseekers';
import { MyCaseload } from './caseload/MyCaseload';
import { cases } from './cases';
import { UnassignedCases } from './supervision/UnassignedCases';
import { Caseloads } from './supervision/Caseloads';
import { CaseTransfers } from './supervision/CaseTransfers';
import { appointments, CalendarFeedPage, outboxMessages } from './appointments';
import { PlanApprovals } from './intervention-plans';
import { reports } from './reports';

const dataProvider = createDataProvider(i18nProvider.translate);
const store = createStore();

export const App = () => (
  <Admin
    title="Casework"
    disableTelemetry
    requireAuth
    authProvider={authProvider}
    dataProvider={dataProvider}
    i18nProvider={i18nProvider}
    store={store}
    theme={theme}
    layout={Layout}
    loginPage={LoginPage}
    dashboard={Workspace}
    accessDenied={AccessDenied}
  >
    <Resource {...users} />
    <Resource {...offices} />
    <Resource {...regions} />
    <Resource {...auditEvents} />
    <Resource {...workItems} />
    <Resource {...jobseekers} />
    <Resource {...cases} />
    <Resource {...appointments} />
    <Resource {...outboxMessages} />
    <Resource {...reports} />
    <Resource name="occupations" />
    <CustomRoutes>
      <Route path="/my-caseload" element={<MyCaseload />} />
      <Route path="/targeted-queue" element={<TargetedQueue />} />
      <Route path="/my-tasks" element={<MyTasks />} />
      <Route path="/unassigned-cases" element={<UnassignedCases />} />
      <Route path="/caseloads" element={<Caseloads />} />
      <Route path="/case-transfers" element={<CaseTransfers />} />
      <Route path="/calendar-feed" element={<CalendarFeedPage />} />
      <Route path="/plan-approvals" element={<PlanApprovals />} />
    </CustomRoutes>
    <CustomRoutes noLayout>
      <Route path={CHANGE_PASSWORD_PATH} element={<ChangePasswordPage />} />
    </CustomRoutes>
  </Admin>
);

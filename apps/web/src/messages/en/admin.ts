export default {
  admin: {
    title: 'Administration',
    onlyAdmin: 'This page is for the admin.',
    accounts: 'Accounts',
    name: 'Name',
    since: 'Since',
    role: 'Role',
    roleOf: 'Role of {email}',
  },
  role: {
    student: 'student',
    instructor: 'instructor',
    admin: 'admin',
  },
} as const;

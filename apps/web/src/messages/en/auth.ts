export default {
  auth: {
    signIn: 'Sign in',
    signUp: 'Sign up',
    signOut: 'Sign out',
    saveProgress: 'Save progress',
    guest: 'Guest',
    createAccount: 'Create your account',
    guestKept: 'Your guest progress is now in this account: {cards, plural, one {# card} other {# cards}} and {reviews, plural, one {# review} other {# reviews}}.',
    guestMoves: 'Your guest progress moves to the new account.',
    email: 'Email',
    displayName: 'Display name',
    optional: '(optional)',
    password: 'Password',
    passwordMin: 'At least {min, number} characters.',
    noAccount: 'No account yet?',
    haveAccount: 'Already have an account?',
  },
} as const;

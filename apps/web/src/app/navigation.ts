/** Only pages that exist are in the navigation; later pages add themselves here and in routes.tsx. */
export const NAVIGATION = [
  { path: '/', label: 'nav.overview' },
  { path: '/kontakter', label: 'nav.contacts' },
  { path: '/organisationer', label: 'nav.organizations' },
  { path: '/regioner', label: 'nav.regions' },
  { path: '/moten', label: 'nav.meetings' },
  { path: '/incheckning', label: 'nav.checkIn' },
  { path: '/enkater', label: 'nav.surveys' },
  { path: '/import', label: 'nav.import' },
  { path: '/listor', label: 'nav.lists' },
  { path: '/mallar', label: 'nav.templates' },
  { path: '/utskick', label: 'nav.campaigns' },
  { path: '/utkorg', label: 'nav.outbox' },
  { path: '/svar', label: 'nav.replies' },
  { path: '/rapporter', label: 'nav.reports' },
  // Settings stay last, whatever pages are added above.
  { path: '/installningar', label: 'nav.settings' },
] as const;

/**
 * Where a signed-in person can go: one table for the service navigation and the home page's task
 * list, each entry shown only to roles with its permission, so the two never disagree.
 */
import { can, type Permission, type User } from '../access/index.ts';

interface Destination {
  href: string;
  needs: Permission | 'signed-in';
  /** Its label in the service navigation; absent when it is reached from a page instead. */
  nav?: string;
  /** Its task on the home page; absent when the navigation is enough. */
  task?: { title: string; text: string };
}

const DESTINATIONS: Destination[] = [
  { href: '/', needs: 'signed-in', nav: 'Home' },
  {
    href: '/alerts',
    needs: 'alerts.read',
    nav: 'Alerts',
    task: {
      title: 'Alerts',
      text: 'Staff whose contact, look-ups, communications or intelligence stand out from their peers, ranked, with the evidence.',
    },
  },
  { href: '/cases', needs: 'cases.read', nav: 'Cases' },
  {
    href: '/teams',
    needs: 'cases.allocate',
    task: {
      title: 'Teams',
      text: 'Who is in each of the unit’s teams: cases are shared with a team, or restricted to it.',
    },
  },
  {
    href: '/intelligence',
    needs: 'intelligence.read',
    nav: 'Intelligence',
    task: {
      title: 'Intelligence',
      text: 'Reports to grade 3x5x2 and act on, and subjects named by independent sources.',
    },
  },
  {
    href: '/intelligence/new',
    needs: 'intelligence.submit',
    task: {
      title: 'Report a concern',
      text: 'Tell the security department and the counter-corruption unit what you have seen. Nobody you name will see it.',
    },
  },
  { href: '/portal-reports', needs: 'portal.read', nav: 'Anonymous reports' },
  {
    href: '/who-was-there',
    needs: 'people.view',
    task: {
      title: 'Who was there',
      text: 'Everyone at a cell, landing, wing or room in a time window, with the source of each fact.',
    },
  },
  {
    href: '/people',
    needs: 'people.search',
    nav: 'People',
    task: {
      title: 'Find a person',
      text: 'Staff, prisoners and people on probation your role covers, with what was imported about them.',
    },
  },
  {
    href: '/links',
    needs: 'links.read',
    nav: 'Links',
    task: {
      title: 'Link analysis',
      text: 'How people, phones, addresses, money, reports and cases connect: neighbours and the paths between two.',
    },
  },
  {
    href: '/accountability',
    needs: 'accountability.read',
    task: {
      title: 'Prisoner accountability',
      text: 'A prison’s roll for a day, where each wing’s prisoners are, and every roll count compared with it.',
    },
  },
  {
    href: '/probation',
    needs: 'probation.read',
    nav: 'Probation',
    task: {
      title: 'Probation',
      text: 'Supervision boundaries, licence breaches by age, recalls and their deadlines, and police liaison.',
    },
  },
  {
    href: '/prevention',
    needs: 'prevention.read',
    nav: 'Prevention',
    task: {
      title: 'Prevention registers',
      text: 'Vetting renewals due and staff without the vetting their role needs, required training, and declarations to decide.',
    },
  },
  {
    href: '/search-plans',
    needs: 'searches.plan',
    task: {
      title: 'Planned searches',
      text: 'Draw a coming day’s staff entry, cell and area searches, at random and by risk, in a way anyone can check afterwards; record what was found.',
    },
  },
  {
    href: '/declarations',
    needs: 'signed-in',
    task: {
      title: 'Your declarations',
      text: 'Declare a relationship, association, secondary employment or gift, and see your manager’s decision.',
    },
  },
  { href: '/protection', needs: 'protection.manage', nav: 'Protecting reporters' },
  {
    href: '/statistics',
    needs: 'statistics.view',
    nav: 'Statistics',
    task: {
      title: 'Statistics',
      text: 'Aggregate figures for ministers, inspectors and oversight bodies. No personal data.',
    },
  },
  {
    href: '/inspections',
    needs: 'inspections.read',
    nav: 'Inspections',
    task: {
      title: 'Inspection recommendations',
      text: 'Inspections and reviews, their recommendations, the response and action plan for each, what follow-up found, and the urgent notification clock.',
    },
  },
  {
    href: '/audit',
    needs: 'audit.read',
    nav: 'Audit trail',
    task: { title: 'Audit trail', text: 'Who looked at what, when and why: search it and export it.' },
  },
  {
    href: '/admin/users',
    needs: 'users.manage',
    nav: 'Users',
    task: { title: 'Users', text: 'Accounts, roles and the establishments or regions each covers.' },
  },
  { href: '/admin/jobs', needs: 'jobs.run', nav: 'Imports and detection' },
  { href: '/intelligence/mine', needs: 'intelligence.submit', nav: 'Your reports' },
];

const allowed = (user: User) => DESTINATIONS.filter((d) => d.needs === 'signed-in' || can(user, d.needs));

/** The service navigation for a user on a path (none before signing in). */
export function navigationFor(user: User | null, path: string) {
  if (!user) return [];
  return allowed(user)
    .filter((d) => d.nav)
    .map((d) => ({
      href: d.href,
      text: d.nav!,
      active: d.href === '/' ? path === '/' : path === d.href || path.startsWith(`${d.href}/`),
    }));
}

/** The home page's tasks for a user. */
export function tasksFor(user: User) {
  return allowed(user)
    .filter((d) => d.task)
    .map((d) => ({ href: d.href, ...d.task! }));
}

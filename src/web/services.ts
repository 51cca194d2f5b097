/**
 * What the web application may ask of the capabilities, with the database already bound: routes are
 * handed these services (never a connection), so a route test can build the app on stubs
 * (test/stub-services.ts) and check the route's own work: its forms, its errors, what it shows.
 */

import * as accessCapability from '../access/index.ts';
import * as auditCapability from '../audit/index.ts';
import * as casesCapability from '../cases/index.ts';
import * as alertsCapability from '../alerts/index.ts';
import * as estateCapability from '../estate/index.ts';
import * as accountabilityCapability from '../accountability/index.ts';
import * as probationCapability from '../probation/index.ts';
import * as preventionCapability from '../prevention/index.ts';
import * as graphCapability from '../graph/index.ts';
import * as intelligenceCapability from '../intelligence/index.ts';
import * as searchesCapability from '../searches/index.ts';
import * as inspectionsCapability from '../inspections/index.ts';
import * as statisticsCapability from '../statistics/index.ts';
import * as jobsCapability from '../jobs/index.ts';
import * as workersCapability from '../workers/index.ts';
import * as peopleCapability from '../people/index.ts';
import * as portalCapability from '../portal/index.ts';
import * as presenceCapability from '../presence/index.ts';
import * as protectionCapability from '../protection/index.ts';
import { bindDatabase, migrationStatus, type Database } from '../db/index.ts';

export interface ServiceOptions {
  /** Where evidence files are kept. */
  evidenceDir: string;
}

export function createServices(db: Database, { evidenceDir }: ServiceOptions) {
  const cases = bindDatabase(db, casesCapability, [
    'addEntry',
    'addTeamMember',
    'allocateCase',
    'listTeams',
    'removeTeamMember',
    'addOutcome',
    'addRestriction',
    'caseAgeing',
    'caseReport',
    'casesAbout',
    'caseReminders',
    'caseStages',
    'completeAction',
    'caseOpenedFromAlert',
    'confirmOwnership',
    'denyAccess',
    'editCase',
    'handOver',
    'listCases',
    'listEvidence',
    'moveCase',
    'openCase',
    'openCaseFromAlert',
    'openCaseFromIntelligence',
    'openCaseFromPortal',
    'restrictionsAndOutcomes',
    'suggestedLinks',
    'viewCase',
  ]);
  return {
    health: { ...bindDatabase(db, { migrationStatus }, ['migrationStatus']), databaseKind: () => db.kind },
    sessions: bindDatabase(db, accessCapability, [
      'saveSession',
      'loadSession',
      'deleteSession',
      'purgeExpiredSessions',
      'findUser',
    ]),
    access: bindDatabase(db, accessCapability, [
      'signInWithPassword',
      'recordSignIn',
      'upsertSsoUser',
      'listUsers',
      'caseWorkers',
      'labelStaff',
      'unmask',
    ]),
    audit: bindDatabase(db, auditCapability, [
      'appendAudit',
      'chainAudit',
      'createCheckpoint',
      'searchAudit',
      'startAuditChainer',
      'checkpointEvery',
    ]),
    estate: bindDatabase(db, estateCapability, [
      'establishmentKinds',
      'establishmentsByKind',
      'recordCounts',
      'reportableEstablishments',
      'staffNames',
    ]),
    accountability: bindDatabase(db, accountabilityCapability, [
      'viewAccountability',
      'viewPrisonerAccountability',
    ]),
    probation: bindDatabase(db, probationCapability, [
      'probationOverview',
      'viewProbationPerson',
      'recordBreach',
      'breachFromContact',
      'closeBreach',
      'requestRecall',
      'viewRecall',
      'recordRecallStep',
      'recordPoliceContact',
      'recordCasePoliceContact',
      'casePoliceContacts',
    ]),
    prevention: bindDatabase(db, preventionCapability, [
      'viewRegisters',
      'ownDeclarations',
      'makeDeclaration',
      'declarationForDecision',
      'decide',
      'listPlans',
      'searchEvasionAt',
      'planSearches',
      'viewPlan',
      'publishedPlan',
      'recordOutcome',
      'preventionReminders',
    ]),
    statistics: {
      ...bindDatabase(db, statisticsCapability, [
        'conductStatistics',
        'foiAnswer',
        'annualReport',
        'saveCommentary',
      ]),
      annualReportPdf: statisticsCapability.annualReportPdf,
    },
    inspections: bindDatabase(db, inspectionsCapability, [
      'inspectionOverview',
      'inspectionReminders',
      'viewInspection',
      'recordInspection',
      'addRecommendation',
      'importRecommendations',
      'markResponded',
      'respond',
      'addAction',
      'completeAction',
      'recordCheck',
    ]),
    graph: bindDatabase(db, graphCapability, [
      'neighbourhood',
      'paths',
      'establishmentNetwork',
      'resolutionSuggestions',
      'resolvePersons',
    ]),
    people: bindDatabase(db, peopleCapability, [
      'searchPeople',
      'viewPerson',
      'visibleStaffId',
      'viewRefs',
      'describeRefs',
    ]),
    alerts: bindDatabase(db, alertsCapability, [
      'alertCounts',
      'alertQueue',
      'alertStatistics',
      'alertsAbout',
      'viewAlert',
      'disposeAlert',
      'disposeAlerts',
      'alertAssignees',
      'assignAlert',
      'assignAlerts',
      'assignedAwaitingReview',
      'feedback',
      'getBudget',
      'setBudget',
    ]),
    intelligence: bindDatabase(db, intelligenceCapability, [
      'submitReport',
      'myReports',
      'listReports',
      'exportReports',
      'reportsAbout',
      'viewReport',
      'gradeReport',
      'setOutcome',
      'corroboration',
      'gradeCounts',
      'gradeStatistics',
      'suggestRecords',
      'reportAttachments',
      'downloadReportAttachment',
    ]),
    portal: bindDatabase(db, portalCapability, [
      'submitPortalReport',
      'openWithReceipt',
      'awaitingReply',
      'portalCategories',
      'addReporterMessage',
      'portalQueue',
      'viewPortalReport',
      'portalAttachments',
      'downloadPortalAttachment',
      'replyToPortalReport',
      'setPortalStatus',
    ]),
    protection: bindDatabase(db, protectionCapability, ['listWatches', 'startWatch', 'checkIn']),
    presence: bindDatabase(db, presenceCapability, [
      'whoWasThere',
      'summariseWhoWasThere',
      'exportWhoWasThere',
    ]),
    cases: {
      ...cases,
      // The evidence folder is the app's configuration, not the route's concern.
      addEvidence: (
        viewer: accessCapability.Principal,
        reference: string,
        upload: Parameters<typeof casesCapability.addEvidence>[4],
      ) => casesCapability.addEvidence(db, viewer, reference, evidenceDir, upload),
      downloadEvidence: (viewer: accessCapability.Principal, reference: string, evidenceId: number) =>
        casesCapability.downloadEvidence(db, viewer, reference, evidenceId, evidenceDir),
    },
    searches: bindDatabase(db, searchesCapability, ['savedSearches', 'saveSearch', 'deleteSavedSearch']),
    jobs: bindDatabase(db, jobsCapability, [
      'recentJobs',
      'findJob',
      'detectionSchedule',
      'setDetectionSchedule',
    ]),
    tasks: bindDatabase(db, workersCapability, ['recentTaskRuns']),
  };
}

export type Services = ReturnType<typeof createServices>;

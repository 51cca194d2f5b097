/**
 * The demo's inspections: at each prison, an unannounced inspection a few months before the estate's last
 * day with its recommendations, the response to most, an action plan (one action overdue, some done) and a
 * progress check; and an urgent notification published a fortnight before the last day, its response not
 * yet published. Synthetic: written for the demo, about no real establishment.
 */
import type { Principal } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import {
  addAction,
  completeAction,
  importRecommendations,
  recordCheck,
  recordInspection,
  respond,
  viewInspection,
} from '../inspections/index.ts';
import { addDays } from '../time/index.ts';
import { prisonsAndRegions } from './repo.ts';

const KEEPER: Principal = {
  username: 'system:demo',
  role: 'ccu_manager',
  establishments: [],
  regions: [],
  staffId: null,
};

const RECOMMENDATIONS = `ref,priority,area,text,owner
1,priority_concern,Staff corruption,Leaders should act on the counter-corruption strategy and report progress to the board every quarter.,Governor
2,priority_concern,Searching,Staff entry searching should take place as planned on every shift.,Head of security
3,key_concern,Staff-prisoner relationships,Every officer should complete professional boundaries training before working on a wing.,Head of learning
4,key_concern,Accountability,Roll counts should reconcile with the recorded movements at every count.,Head of residence
5,recommendation,Visits,Social visits should be supervised by at least two officers.,Head of residence
6,recommendation,Intelligence,Intelligence reports should be graded and actioned within three working days.,Security analyst
`;

export async function simulateInspections(db: Database, opts: { last: string }): Promise<void> {
  const prisons = (await prisonsAndRegions(db)).filter((e) => e.kind === 'prison').map((e) => e.code);
  for (const establishment of prisons) {
    const published = addDays(opts.last, -120);
    const id = await recordInspection(db, KEEPER, {
      establishment,
      body: 'hmip',
      title: `Report on an unannounced inspection of ${establishment}`,
      publishedOn: published,
    });
    await importRecommendations(db, KEEPER, id, RECOMMENDATIONS);
    const recs = (await viewInspection(db, KEEPER, id))!.recommendations;
    for (const [k, r] of recs.entries()) {
      if (k === 5) continue; // not yet responded to
      await respond(db, KEEPER, r.id, {
        response: k === 4 ? 'partly_accepted' : 'accepted',
        owner: r.owner ?? '',
      });
      await addAction(db, KEEPER, r.id, {
        action: `Plan agreed for recommendation ${r.ref}`,
        owner: r.owner ?? 'Governor',
        dueOn: addDays(published, 30 + 15 * k),
      });
    }
    const planned = (await viewInspection(db, KEEPER, id))!.recommendations;
    for (const r of planned.slice(0, 3)) {
      const action = r.actions[0]!;
      await completeAction(db, KEEPER, r.id, action.id, {
        doneOn: addDays(action.dueOn, -3),
        evidence: 'Minutes of the senior leadership meeting',
      });
      await recordCheck(db, KEEPER, r.id, {
        checkedOn: addDays(published, 90),
        status: r.ref === '3' ? 'partly_achieved' : 'achieved',
      });
    }
    await recordInspection(db, KEEPER, {
      establishment,
      body: 'urgent_notification',
      title: `Urgent notification: ${establishment}`,
      publishedOn: addDays(opts.last, -14),
    });
  }
}

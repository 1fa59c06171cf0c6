import type { Check } from '../check';
import { matchSymptom } from '../symptoms';

/** Section E: what the person reported, matched to a known symptom so it can explain and rank. */
export const reportedSymptomCheck: Check = {
  id: 'reported-symptom',
  title: 'Does what the person sees match a known sign-in problem?',
  needs: [],
  async run({ request, finding }) {
    if (!request.symptom?.trim()) return { skip: 'the person reported no error message' };
    const symptom = matchSymptom(request.symptom);
    if (!symptom) return [];
    return [finding(symptom, { evidence: { reported: request.symptom.slice(0, 500) } })];
  },
};

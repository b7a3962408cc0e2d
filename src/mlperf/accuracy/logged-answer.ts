// What the reference client hands LoadGen for one response: the answer's text, or nothing for a failure or a reply without usage.
import type { RequestRecord } from '../../client/request-record.js';

/** choices[0].message.content of a successful reply that reported usage; '' otherwise (scored as unparsable). */
export function loggedAnswer(record: RequestRecord): string {
  return record.error === null && record.usage !== null ? record.contentText ?? '' : '';
}

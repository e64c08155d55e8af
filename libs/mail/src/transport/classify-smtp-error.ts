import { SendFailure } from './mail-transport';

/** The fields nodemailer puts on its errors that matter here. */
interface NodemailerError {
  message?: string;
  code?: string;
  timeoutType?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'ECONNREFUSED',
  'ECONNRESET',
]);

/**
 * Sorts an SMTP failure into temporary, permanent or uncertain. Uncertain is the case listmonk and Mautic get
 * wrong: the server may already have the message (connection lost after DATA, or the pool gave up re-queueing
 * a message whose connection closed), so resending could make a duplicate.
 */
export function classifySmtpError(error: unknown): SendFailure {
  const err = (typeof error === 'object' && error !== null ? error : {}) as NodemailerError;
  const message = err.message ?? String(error);
  const response = err.response;
  const enhancedCode = response ? /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1] : undefined;
  const smtp = { responseCode: err.responseCode, enhancedCode, response };

  if (err.responseCode && err.responseCode >= 500 && err.responseCode < 600) {
    return new SendFailure('permanent', `Permanent fel ${err.responseCode}: ${response ?? message}`, smtp);
  }
  if (err.responseCode && err.responseCode >= 400 && err.responseCode < 500) {
    return new SendFailure('temporary', `Tillfälligt fel ${err.responseCode}: ${response ?? message}`, smtp);
  }
  // nodemailer reports socket errors with command "CONN" whatever the phase, so only failures that provably
  // happened before a session existed are safe to retry; any other lost connection may have lost the reply.
  const beforeSession =
    err.timeoutType === 'CONNECTION_TIMEOUT' ||
    err.timeoutType === 'GREETING_TIMEOUT' ||
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|Greeting never received/i.test(message);
  if (err.code !== undefined && CONNECTION_CODES.has(err.code) && !beforeSession) {
    return new SendFailure(
      'uncertain',
      `Osäkert om brevet levererades (anslutningen bröts): ${message}`,
      smtp,
    );
  }
  return new SendFailure('temporary', `Kunde inte skicka: ${message}`, smtp);
}

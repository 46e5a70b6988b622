import type { WriteStatus } from '../api/useGatewayWrite';
import { Alert } from './Alert';
import { Button } from './Button';
import { GatewayRefusal } from './GatewayRefusal';

/** What a form's write came to, when it is something to say: the form's own slip, the gateway's refusal, or no answer. */
export function WriteStatusAlerts({ status }: { status: WriteStatus }) {
  if (status.kind === 'editing') return status.problem ? <Alert type="error">{status.problem}</Alert> : null;
  if (status.kind === 'refused') return <GatewayRefusal errors={status.errors} />;
  if (status.kind === 'failed') return <Alert type="error">{status.message}</Alert>;
  return null;
}

/** The end of a form that writes: what came of it, and the submit button (disabled while sending). */
export function WriteFormEnd({ status, label, busyLabel }: { status: WriteStatus; label: string; busyLabel: string }) {
  const sending = status.kind === 'sending';
  return (
    <>
      <WriteStatusAlerts status={status} />
      <Button type="submit" disabled={sending}>
        {sending ? busyLabel : label}
      </Button>
    </>
  );
}

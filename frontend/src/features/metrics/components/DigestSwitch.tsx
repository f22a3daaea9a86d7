import { describeError } from '../../../api/client';
import { useDigestSubscription, useSetDigestSubscription } from '../hooks/useDigestSubscription';

/** The signed-in manager's weekly digest mail, on or off. */
export function DigestSwitch() {
  const subscription = useDigestSubscription();
  const change = useSetDigestSubscription();
  if (!subscription.isSuccess) return null;
  return (
    <div className="checkbox-field">
      <input
        id="metrics-digest"
        type="checkbox"
        checked={subscription.data.subscribed}
        disabled={change.isPending}
        onChange={(event) => change.mutate(event.currentTarget.checked)}
      />
      <label htmlFor="metrics-digest">Email me these numbers every Monday</label>
      {change.isError && (
        <p role="alert" className="field__error">
          {describeError(change.error)}
        </p>
      )}
    </div>
  );
}

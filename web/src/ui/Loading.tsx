/** A polite "loading" line for screen readers and everyone else. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="utrecht-paragraph" role="status">
      {what} worden opgehaald…
    </p>
  );
}

export function ErrorAlert({ error }: { error: { message: string } | null | undefined }) {
  if (!error) return null;
  return (
    <div className="alert error" role="alert">
      {error.message}
    </div>
  );
}

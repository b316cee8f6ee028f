/** Import id tokens from a CSV file, then show how many were added and updated and every rejected row. */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../api/client.js';
import { importTokens } from '../api/tokens.js';
import type { TokenImportReport } from '../api/types.js';
import { Dialog } from './dialog.js';

/** The "Import CSV" button and its dialog. */
export function TokenImportButton() {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [report, setReport] = useState<TokenImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reset = () => { setText(''); setReport(null); setError(null); };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await importTokens(client, text));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button button-secondary" onClick={() => { reset(); setOpen(true); }}>Import CSV</button>
      <Dialog
        open={open}
        title="Import id tokens"
        onClose={() => setOpen(false)}
        footer={report ? (
          <>
            <button type="button" className="button button-ghost" onClick={reset}>Import another</button>
            <button type="button" className="button button-primary" onClick={() => setOpen(false)}>Done</button>
          </>
        ) : (
          <>
            <button type="button" className="button button-ghost" onClick={() => setOpen(false)} disabled={busy}>Cancel</button>
            <button type="button" className="button button-primary" onClick={() => void submit()} disabled={busy || !text.trim()}>{busy ? 'Importing…' : 'Import'}</button>
          </>
        )}
      >
        {report ? (
          <div className="stack" data-testid="import-report">
            <div className={`alert ${report.rejected.length ? 'alert-warn' : 'alert-ok'}`} role="status">
              {report.added} added, {report.updated} updated, {report.rejected.length} rejected.
            </div>
            {report.rejected.length > 0 && (
              <div className="scroll-box">
                <table className="simple-table">
                  <thead><tr><th scope="col">Line</th><th scope="col">Token</th><th scope="col">Reason</th></tr></thead>
                  <tbody>
                    {report.rejected.map((r) => (
                      <tr key={r.line}><td className="num">{r.line}</td><td className="nowrap">{r.token ?? '—'}</td><td>{r.reason}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        ) : (
          <>
            <p className="dialog-text small muted">
              The first row names the columns: <code>token,type,status,expires_at,group,label,driver_email</code> (only token is required).
              Known tokens are updated with the columns given; rows with errors are reported and left out.
            </p>
            <label className="field">
              <span>CSV file</span>
              <input type="file" accept=".csv,text/csv" onChange={(e) => { const file = e.target.files?.[0]; if (file) void file.text().then(setText); }} />
            </label>
            <label className="field"><span>Or paste the rows</span><textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} /></label>
          </>
        )}
        {error && <div className="alert alert-error" role="alert">{error}</div>}
      </Dialog>
    </>
  );
}

/** A session's cost (so far while it runs, final once stopped) with its breakdown by component. */
import { useSessionCost } from '../api/tariffs.js';
import type { CostComponent, SessionCost, SessionView } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from './feedback.js';

const LABEL: Record<CostComponent, string> = {
  energy: 'Energy', charging_time: 'Charging time', idle_time: 'Idle time', session_fee: 'Session fee', minimum_price: 'Minimum price', maximum_price: 'Maximum price',
};
const quantityFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** An amount in the cost's currency. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

function Breakdown({ cost }: { cost: SessionCost }) {
  const money = (n: number) => formatMoney(n, cost.currency);
  return (
    <table className="simple-table" data-testid="session-cost">
      <tbody>
        {cost.breakdown.map((l) => (
          <tr key={l.component}>
            <th scope="row">{LABEL[l.component]}</th>
            <td className="muted">
              {l.unit && l.parts.length > 0
                ? l.parts.map((p) => `${quantityFormat.format(p.quantity)} ${l.unit} × ${money(p.unitPrice)}`).join(' + ')
                : ''}
            </td>
            <td className="num">{money(l.amount)}</td>
          </tr>
        ))}
        <tr><th scope="row">Net</th><td /><td className="num">{money(cost.net)}</td></tr>
        <tr><th scope="row">VAT {cost.vatPercent} %</th><td /><td className="num">{money(cost.vat)}</td></tr>
        <tr><th scope="row">Total</th><td className="muted">{cost.tariffName} (version {cost.tariffVersion})</td><td className="num strong" data-testid="session-cost-total">{money(cost.total)}</td></tr>
      </tbody>
    </table>
  );
}

/** The cost panel of the session page. */
export function SessionCostPanel({ session }: { session: SessionView }) {
  const answer = useSessionCost(session.id, session.state);
  const cost = answer.data?.cost ?? null;
  return (
    <Panel title={cost?.final ? 'Cost' : 'Cost so far'} className="span-2">
      {answer.isPending ? <Loading /> : answer.isError ? <ErrorBox error={answer.error} /> : cost ? <Breakdown cost={cost} /> : <Empty>No tariff applies to this session.</Empty>}
    </Panel>
  );
}

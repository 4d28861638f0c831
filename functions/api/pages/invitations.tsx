/** @jsxImportSource hono/jsx */
import type { InvitationStatus } from '../../../core/invitations';
import type { Names } from '../../services/directory';
import type { Lang, T } from './context';
import { Table, when } from './layout';

export interface InvitationRow {
  expert: string;
  status: InvitationStatus;
  invitedAt: string;
  dueAt: string;
  answeredAt?: string | undefined;
  reason?: string | undefined;
}

const statusLabel = (t: T): Record<InvitationStatus, string> => ({
  invited: t('待答复', 'Awaiting an answer'),
  accepted: t('已接受', 'Accepted'),
  declined: t('已谢绝', 'Declined'),
  timed_out: t('逾期未答复', 'Did not answer in time'),
  withdrawn: t('已撤回', 'Withdrawn'),
});

/** 专家邀请, as the office follows them: who was asked, by name, and how each answered (a decline with its reason). */
export function InvitationList(props: {
  wanted: number | null;
  accepted: string[];
  items: InvitationRow[];
  names: Names;
  t: T;
  lang: Lang;
}) {
  const { t, lang, names } = props;
  const labels = statusLabel(t);
  return (
    <section aria-labelledby="invitations">
      <h2 id="invitations">{t('评审专家邀请', 'Invitations to review')}</h2>
      {props.wanted !== null && (
        <p class="hint">
          {t(
            `需 ${props.wanted} 位专家接受，已接受 ${props.accepted.length} 位。`,
            `${props.accepted.length} of ${props.wanted} experts accepted.`,
          )}
        </p>
      )}
      <Table
        headers={[t('专家', 'Expert'), t('状态', 'Status'), t('邀请时间', 'Invited'), t('答复期限', 'Answer by'), t('谢绝理由', 'Reason')]}
      >
        {props.items.map((row) => (
          <tr data-expert={row.expert} data-status={row.status}>
            <td>{names(row.expert, lang)}</td>
            <td>{labels[row.status]}</td>
            <td>{when(row.invitedAt, lang)}</td>
            <td>{when(row.dueAt, lang)}</td>
            <td>{row.reason ?? '—'}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}

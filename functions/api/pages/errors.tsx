/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ForbiddenError, NotFoundError, ShenbaoError, UnauthorizedError } from '../../../core/errors';
import { httpOf } from '../error-map';
import { logger } from '../../adapters/log';
import { pageRouter, type Lang, type PageEnv } from './context';
import { render } from './layout';
import { sayError } from './messages';

/** Errors as pages: not signed in goes to sign-in; what may not be seen is "not found", as in the API. */
export function pageError(error: Error, c: Context<PageEnv>) {
  const t = c.get('t') ?? ((zh: string) => zh);
  if (error instanceof UnauthorizedError) {
    const next = new URL(c.req.url).pathname;
    return c.redirect(`/ui/signin?next=${encodeURIComponent(next)}`, 303);
  }
  if (error instanceof ShenbaoError) {
    const { status } = httpOf(error);
    const title =
      status === 404
        ? t('未找到', 'Not found')
        : status === 403
          ? t('无权访问', 'Not allowed')
          : status === 409
            ? t('无法办理', 'Cannot do this now')
            : t('出错了', 'Something is wrong');
    return render(
      c,
      title,
      <>
        <p>{explanation(error, c.get('lang') ?? 'zh')}</p>
        <p>
          <a href="/ui">{t('返回首页', 'Back to the start')}</a>
        </p>
      </>,
      status,
    );
  }
  if (error instanceof HTTPException && error.status === 403) {
    // The CSRF check refuses before a session or language is read.
    return render(
      c,
      t('无权访问', 'Not allowed'),
      <p>
        {t(
          '这个表单不是从本系统的页面提交的，已拒绝。请打开本系统的页面重新填写提交。',
          'This form was not sent from these pages and was refused. Open the page here and send it again.',
        )}
      </p>,
      403,
    );
  }
  logger.error('page failed', { path: c.req.path, error: error as Error });
  return render(
    c,
    t('系统错误', 'System error'),
    <p>{t('系统出现问题，已记录，请稍后再试。', 'Something went wrong on our side; it has been logged.')}</p>,
    500,
  );
}

/** The error in the reader's words; an uncoded 404 or 403 gets a plain Chinese sentence rather than the API's English. */
function explanation(error: ShenbaoError, lang: Lang): string {
  if (error.coded || lang === 'en') return sayError(lang, error);
  if (error instanceof NotFoundError) return '要找的内容不存在，或您无权查看。';
  if (error instanceof ForbiddenError) return '您的角色不能办理此事项。';
  return error.message;
}

/** One area of the pages (applicant, review, office, notices). */
export const area = () => pageRouter(pageError);

import { html, languageOf, renderDebtorPage, SafeHtml } from '../../src/api/debtor-pages/page';

describe('debtor pages', () => {
  test('interpolated values are escaped; nested templates are not escaped twice', () => {
    const name = '<script>alert("x")</script>';
    const inner = html`<b>${name}</b>`;
    expect(html`<p>${inner} & ${'a&b'} ${['<i>', html`<br>`]}</p>`.text).toBe(
      '<p><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b> & a&amp;b &lt;i&gt;<br></p>',
    );
  });

  test('a page is a whole document in the language asked for, with an escaped title', () => {
    const page = renderDebtorPage({ lang: 'zh-CN', title: '还款 <1>', lender: 'Demo & Co', body: new SafeHtml('<p>x</p>') });
    expect(page).toMatch(/^<!doctype html><html lang="zh-CN">/);
    expect(page).toContain('<title>还款 &lt;1&gt;</title>');
    expect(page).toContain('<header>Demo &amp; Co</header>');
    expect(page).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  test('zh locales read Chinese, every other locale English', () => {
    expect(languageOf('zh-CN')).toBe('zh-CN');
    expect(languageOf('zh')).toBe('zh-CN');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
  });
});

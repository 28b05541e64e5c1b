// The sign-in page's words. English is the source; zh-CN must name every key.
export const en = {
  'signIn.title': 'Sign in',
  'signIn.intro': 'This is the embedded development stack: pick an identity to work as. No token to paste.',
  'signIn.identity': 'Identity',
  'signIn.submit': 'Sign in',
  'signIn.provider': 'Sign in with {name}',
  'signIn.providerIntro': 'You sign in at your organisation’s identity provider, {name}, and come back here signed in.',
  'signIn.developmentOr': 'Or, on this development stack, pick an identity:',
  'signIn.unavailable':
    'No sign-in is configured here: development sign-in works only in the embedded mode, outside production, and sign-in through an identity provider needs OIDC_ISSUER_URL and OIDC_CLIENT_ID. Until then, use the API with a bearer token.',
  'signIn.failed': 'Could not sign in: {message}',
  'signIn.error.expired': 'The sign-in took too long or began in another browser. Please sign in again.',
  'signIn.error.state': 'The answer from the identity provider did not belong to the sign-in this browser started, so it was refused. Please sign in again.',
  'signIn.error.denied': 'The identity provider did not sign you in.',
  'signIn.error.unavailable': 'The identity provider could not be reached. Try again in a moment.',
  'signIn.error.exchange': 'The identity provider refused to complete the sign-in. Please sign in again.',
  'signIn.error.token': 'The identity provider’s tokens could not be verified, so the sign-in was refused.',
  'signIn.error.roles': 'Your account holds no role in the arrears console. Ask an administrator for one.',
};

export const zhCN: Record<keyof typeof en, string> = {
  'signIn.title': '登录',
  'signIn.intro': '这是内嵌的开发环境：选择一个身份即可登录，无需粘贴令牌。',
  'signIn.identity': '身份',
  'signIn.submit': '登录',
  'signIn.provider': '通过 {name} 登录',
  'signIn.providerIntro': '您将在所在机构的身份提供方 {name} 处登录，完成后自动返回本页面。',
  'signIn.developmentOr': '或者，在此开发环境中选择一个身份：',
  'signIn.unavailable':
    '此处未配置任何登录方式：开发登录仅在内嵌模式且非生产环境下可用；通过身份提供方登录需要设置 OIDC_ISSUER_URL 和 OIDC_CLIENT_ID。在此之前，请使用带 Bearer 令牌的 API。',
  'signIn.failed': '登录失败：{message}',
  'signIn.error.expired': '登录耗时过长，或是在另一个浏览器中发起的。请重新登录。',
  'signIn.error.state': '身份提供方的应答不属于本浏览器发起的登录，已被拒绝。请重新登录。',
  'signIn.error.denied': '身份提供方未允许您登录。',
  'signIn.error.unavailable': '无法连接身份提供方，请稍后再试。',
  'signIn.error.exchange': '身份提供方拒绝完成本次登录。请重新登录。',
  'signIn.error.token': '无法验证身份提供方签发的令牌，登录已被拒绝。',
  'signIn.error.roles': '您的账号在催收控制台中没有任何角色，请联系管理员分配。',
};

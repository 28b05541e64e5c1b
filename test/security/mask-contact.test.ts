// How a case page shows a debtor's contact details before a supervisor reveals
// them: enough to tell two debtors apart, not enough to reach one.
import { maskContact } from '../../src/security/redact';

test('each name keeps its initial, the phone and the id their last four digits, the address its first three characters', () => {
  expect(maskContact({ name: '韩梅梅', phone: '+8613987654321', address: '北京市朝阳区建国路88号', nationalId: '11010519491231002X' })).toEqual({
    name: '韩**',
    phone: '+*********4321',
    address: '北京市********',
    nationalId: '**************002X',
  });
  expect(maskContact({ name: 'Li  Lei', phone: '(212) 555-0100', address: '88 Jianguo Road, Chaoyang' })).toEqual({
    name: 'L*  L**',
    phone: '******0100',
    address: '88 ********',
  });
});

test('short values are starred whole; fields the loan system did not send stay absent', () => {
  expect(maskContact({ name: 'X', phone: '123', address: 'Rd', nationalId: '42' })).toEqual({ name: 'X*', phone: '***', address: '**', nationalId: '**' });
  expect(maskContact({})).toEqual({});
});

test('an e-mail keeps its first character and its domain; app and messaging ids their last four; the work flag stays', () => {
  expect(maskContact({ email: 'jordan.avery@example.com', emailIsWork: true, appUserId: 'app-user-77120', imId: 'oWx1-open-9f3c' })).toEqual({
    email: 'j********@example.com',
    emailIsWork: true,
    appUserId: '**********7120',
    imId: '**********9f3c',
  });
});

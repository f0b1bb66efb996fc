import { test, expect, accounts, Api } from './fixtures';
import { BookingDialog, ClinicBoard, SchedulePage, open } from './pages';
import { daysToNextMonth, isoDay, localInstant } from './dates';
import { expectAccessible } from './axe';

test.describe('every main page meets WCAG 2.1 AA', { tag: '@a11y' }, () => {
  test('sign-in', { tag: '@smoke' }, async ({ page }) => {
    await page.goto('/Account/Login');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expectAccessible(page);
  });

  test('home', async ({ adminPage }) => {
    await open(adminPage, '/');
    await expect(adminPage.getByTestId('integrity-status')).toBeVisible();
    await expectAccessible(adminPage);
  });

  test('schedule with the booking dialog open', async ({ rbtPage, scenario }) => {
    const schedule = new SchedulePage(rbtPage);
    await schedule.open(1);
    const dialog = await schedule.openSlot('Wednesday', '10:00');
    await dialog.choose('Patient', scenario.patient.name);
    await expect(dialog.preview).toContainText('4 units');
    await expectAccessible(rbtPage);
  });

  test('patient page', async ({ adminPage, scenario }) => {
    await open(adminPage, `/patients/${scenario.patient.id}`);
    await expect(adminPage.getByTestId('balance-bar').first()).toBeVisible();
    await expectAccessible(adminPage);
  });

  for (const [name, path] of [['patients', '/patients'], ['admin authorizations', '/admin/authorizations'], ['users', '/admin/users']]) {
    test(name, async ({ adminPage }) => {
      await open(adminPage, path);
      await expect(adminPage.getByRole('table').locator('tbody tr').first()).toBeVisible();
      await expectAccessible(adminPage);
    });
  }

  for (const view of ['day', 'week']) {
    test(`clinic board, ${view} view`, async ({ schedulerPage, scenario, api }) => {
      await api.post('/appointments', {
        patientId: scenario.patient.id, practitionerId: scenario.rbt.id, authorizationId: scenario.treatment.id, start: localInstant(3, '10:00'), end: localInstant(3, '11:00'),
      }, [201]);
      const board = new ClinicBoard(schedulerPage);
      await board.open(isoDay(3), [scenario.rbt, scenario.bcba]);
      if (view === 'week') {
        await schedulerPage.getByRole('button', { name: 'Week', exact: true }).click();
        await expect(schedulerPage.getByTestId('board-session')).toHaveCount(1);
      } else {
        await expect(board.session(scenario.patient.initials, '97153', scenario.rbt.name)).toBeVisible();
      }
      await expectAccessible(schedulerPage);
    });
  }

  test("client's schedule", async ({ adminPage, scenario, api }) => {
    await api.post('/appointments', {
      patientId: scenario.patient.id, practitionerId: scenario.rbt.id, authorizationId: scenario.treatment.id, start: localInstant(3, '10:00'), end: localInstant(3, '11:00'),
    }, [201]);
    await open(adminPage, `/patients/${scenario.patient.id}/schedule?date=${isoDay(3)}`);
    await expect(adminPage.getByRole('button', { name: new RegExp(`with ${scenario.rbt.name},`) })).toBeVisible();
    await expectAccessible(adminPage);
  });

  test('availability, with working hours and time off', async ({ schedulerPage, scenario, api }) => {
    await api.put(`/practitioners/${scenario.rbt.id}/working-hours`, { weekly: [{ day: 'Monday', from: '09:00', to: '17:00' }, { day: 'Tuesday', from: '12:00', to: '18:00' }] });
    await api.post(`/practitioners/${scenario.rbt.id}/time-off`, { start: localInstant(3, '00:00'), end: localInstant(4, '00:00'), reason: 'Training' }, [201]);
    await open(schedulerPage, `/schedule/availability?practitioner=${scenario.rbt.id}`);
    await expect(schedulerPage.getByTestId('working-hours-summary')).toHaveText('Mon 09:00–17:00 · Tue 12:00–18:00');
    await expect(schedulerPage.getByTestId('time-off')).toContainText('Training');
    await expectAccessible(schedulerPage);
  });

  test('the booking dialog finding a slot', async ({ adminPage, scenario }) => {
    await open(adminPage, `/patients/${scenario.patient.id}`);
    await adminPage.getByTestId('find-slot').click();
    const dialog = new BookingDialog(adminPage);
    await dialog.choose('Authorization', new RegExp(`${scenario.treatment.authNumber} · 97153`));
    await expect(adminPage.getByTestId('suggestion').first()).toBeVisible();
    await expectAccessible(adminPage);
  });

  test.describe('with a completed session', () => {
    test.use({ scenarioOptions: { startDay: -14 } });

    test("a practitioner's home with the session note open", async ({ rbtPage, scenario, api }) => {
      const start = localInstant(-2, '10:00');
      const session = await api.post<{ id: string }>('/appointments', {
        patientId: scenario.patient.id, practitionerId: scenario.rbt.id, authorizationId: scenario.treatment.id, start, end: localInstant(-2, '11:00'),
      }, [201]);
      await api.post(`/appointments/${session.id}/complete`, { actualStart: start, actualEnd: localInstant(-2, '11:00') });
      await open(rbtPage, '/');
      await rbtPage.getByRole('button', { name: 'Write note' }).click();
      await expect(rbtPage.getByLabel('Goals addressed')).toBeVisible();
      await expectAccessible(rbtPage);
    });

    test("a case supervisor's home with a signed note open for review", async ({ bcbaPage, scenario, api, baseURL }) => {
      const start = localInstant(-2, '10:00');
      const session = await api.post<{ id: string }>('/appointments', {
        patientId: scenario.patient.id, practitionerId: scenario.rbt.id, authorizationId: scenario.treatment.id, start, end: localInstant(-2, '11:00'),
      }, [201]);
      await api.post(`/appointments/${session.id}/complete`, { actualStart: start, actualEnd: localInstant(-2, '11:00') });
      await api.giveNpi(scenario.rbt);
      const rbtApi = await Api.signIn(baseURL!, scenario.rbt.email);
      await rbtApi.post(`/appointments/${session.id}/note/sign`, { password: accounts.password, goalsAddressed: 'Manding', narrative: 'Ten trials.' });
      await rbtApi.dispose();
      await api.put(`/patients/${scenario.patient.id}/case-supervisor`, { practitionerId: scenario.bcba.id });
      await open(bcbaPage, '/');
      await bcbaPage.getByRole('button', { name: 'Review' }).click();
      await expect(bcbaPage.getByRole('button', { name: 'Verify' })).toBeVisible();
      await expectAccessible(bcbaPage);
    });
  });

  test.describe('with a billed session', () => {
    test.use({ scenarioOptions: { startDay: -14, payer: { fees: { '97153': 20 } } } });

    test('the claims page, a claim batch and the revenue page', async ({ adminPage, scenario, api, baseURL }) => {
      const start = localInstant(-2, '10:00');
      const session = await api.post<{ id: string }>('/appointments', {
        patientId: scenario.patient.id, practitionerId: scenario.rbt.id, authorizationId: scenario.treatment.id, start, end: localInstant(-2, '11:00'),
      }, [201]);
      await api.post(`/appointments/${session.id}/complete`, { actualStart: start, actualEnd: localInstant(-2, '11:00') });
      await api.giveNpi(scenario.rbt);
      const rbtApi = await Api.signIn(baseURL!, scenario.rbt.email);
      await rbtApi.post(`/appointments/${session.id}/note/sign`, { password: accounts.password, goalsAddressed: 'Manding', narrative: 'Ten trials.' });
      await rbtApi.dispose();
      await api.post(`/appointments/${session.id}/verify`, {});
      const batch = await api.post<{ id: string }>('/claims/batches', { payerId: scenario.payer!.id, from: isoDay(-3), to: isoDay(-1) }, [201]);
      await open(adminPage, '/admin/claims');
      await expect(adminPage.getByRole('button', { name: 'Create batch' })).toBeVisible();
      await expectAccessible(adminPage);
      await open(adminPage, `/admin/claims/${batch.id}`);
      await expect(adminPage.getByTestId('batch-reconciled')).toBeVisible();
      await expectAccessible(adminPage);
      await open(adminPage, '/admin/revenue');
      await expect(adminPage.getByTestId('revenue-weeks')).toBeVisible();
      await expectAccessible(adminPage);
    });
  });

  test('the supervision page with an RBT at risk, its suggestions, a meeting and the meeting dialog', async ({ adminPage, scenario, api }) => {
    const day = daysToNextMonth(12);
    await api.post('/appointments', {
      patientId: scenario.patient.id, practitionerId: scenario.rbt.id, authorizationId: scenario.treatment.id, start: localInstant(day, '09:00'), end: localInstant(day, '12:00'),
    }, [201]);
    await api.post('/supervision/meetings', { supervisorId: scenario.bcba.id, rbtIds: [scenario.rbt.id], start: localInstant(day + 1, '13:00'), end: localInstant(day + 1, '13:30') }, [201]);
    await open(adminPage, `/supervision?month=${isoDay(day).slice(0, 7)}`);
    const card = adminPage.locator(`[data-rbt="${scenario.rbt.id}"]`);
    await card.getByRole('button', { name: `Suggest supervision for ${scenario.rbt.name}` }).click();
    await expect(card.getByTestId('supervision-suggestion').first()).toBeVisible();
    await expect(adminPage.getByTestId('supervision-meeting').first()).toBeVisible();
    await expectAccessible(adminPage);
    await adminPage.getByRole('button', { name: 'Schedule a meeting' }).click();
    await expect(adminPage.getByTestId('meeting-form')).toBeVisible();
    await expectAccessible(adminPage);
  });

  test('settings', async ({ adminPage }) => {
    await open(adminPage, '/admin/settings');
    await expect(adminPage.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(adminPage);
  });
});

import type { ErrorBody, PublicInquiryFormDto } from '@newsdesk/shared';
import { screen, waitFor, within } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { mountInquiryForm } from './inquiry-form';

interface Sent {
  method: string;
  url: string;
  body: FormData | null;
}

type Reply = { status: number; body?: unknown } | Error;

function formDto(token: string, overrides: Partial<PublicInquiryFormDto> = {}): PublicInquiryFormDto {
  return { token, maxAttachments: 5, maxAttachmentBytes: 10 * 1024 * 1024, maxTotalBytes: 15 * 1024 * 1024, address: 'news@press.example', ...overrides };
}

function errorBody(status: number, message: string, details?: ErrorBody['details']): ErrorBody {
  return { statusCode: status, error: 'Error', message, details, correlationId: 'test-correlation-id' };
}

/** A fake server: each route answers its replies in turn (the last one repeats); every request is kept. */
function serve(routes: Record<string, Reply[]>) {
  const sent: Sent[] = [];
  const fetcher = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const url = String(input);
    sent.push({ method, url, body: init?.body instanceof FormData ? init.body : null });
    const queue = routes[`${method} ${url}`];
    if (!queue) throw new Error(`No stub for ${method} ${url}`);
    const reply = queue.length > 1 ? queue.shift()! : queue[0];
    if (reply instanceof Error) throw reply;
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return { fetcher: fetcher as unknown as typeof fetch, sent, posts: () => sent.filter((request) => request.method === 'POST') };
}

async function mount(routes: Record<string, Reply[]>) {
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  const server = serve({ 'GET /api/public/inquiries/token': [{ status: 200, body: formDto('token-1') }], ...routes });
  const view = mountInquiryForm(root, { fetch: server.fetcher, timeZone: 'Europe/London' });
  await waitFor(() => expect(view.token.value).toBe('token-1'));
  return { ...server, view, user: userEvent.setup() };
}

async function fillIn(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/Your name/), 'Ada Reporter');
  await user.type(screen.getByLabelText(/Email address/), 'ada@paper.example');
  await user.type(screen.getByLabelText(/Outlet/), 'The Daily Example');
  await user.selectOptions(screen.getByLabelText(/What do you need/), 'interview');
  await user.type(screen.getByLabelText(/Subject/), 'The bridge');
  await user.type(screen.getByLabelText(/Your question/), 'Can your director speak to us today?');
}

const send = () => screen.getByRole('button', { name: 'Send inquiry' });

describe('the public inquiry form', () => {
  it('labels every field, marks the required ones and hides the honeypot from people', async () => {
    await mount({});
    for (const label of [/Your name/, /Email address/, /Outlet/, /What do you need/, /Subject/, /Your question/]) {
      expect(screen.getByLabelText(label)).toBeRequired();
    }
    for (const label of ['Phone number', 'Date', 'Time', 'Time zone', 'Attachments']) {
      expect(screen.getByLabelText(label)).not.toBeRequired();
    }
    expect(screen.getByRole('group', { name: 'Your deadline' })).toHaveAccessibleDescription(/Optional/);
    expect(screen.getByLabelText('Time zone')).toHaveValue('Europe/London');
    expect(screen.getByLabelText('Attachments')).toHaveAccessibleDescription('Optional. Up to 5 files, 10 MB each, 15 MB in total.');
    expect(screen.queryByRole('textbox', { name: /leave this field empty/i })).toBeNull();
    expect(document.querySelector('input[name="website"]')).toHaveAttribute('tabindex', '-1');
  });

  it('announces missing fields in a focused summary whose links lead to the fields, and sends nothing', async () => {
    const { user, posts } = await mount({});
    await user.type(screen.getByLabelText(/Email address/), 'ada at paper');
    await user.click(send());

    const summary = screen.getByRole('alert');
    expect(summary).toHaveFocus();
    expect(within(summary).getByRole('heading', { name: 'There is a problem' })).toBeInTheDocument();
    expect(within(summary).getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Enter your name',
      'Enter an email address in the correct format, like name@example.com',
      'Enter the outlet you work for, or "Freelance"',
      'Choose the kind of request',
      'Enter a subject',
      'Enter your message',
    ]);
    const email = screen.getByLabelText(/Email address/);
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription(/We send the acknowledgement.*Error: Enter an email address in the correct format/);
    expect(screen.getByLabelText(/Phone number/)).not.toHaveAttribute('aria-invalid');

    await user.click(within(summary).getByRole('link', { name: /correct format/ }));
    expect(email).toHaveFocus();
    expect(posts()).toHaveLength(0);
  });

  it('asks for the rest of a deadline once part of it is given', async () => {
    const { user } = await mount({});
    await fillIn(user);
    await user.type(screen.getByLabelText('Date'), '2030-06-05');
    await user.click(send());

    expect(screen.getByLabelText('Time')).toHaveAccessibleDescription('Error: Enter the deadline time, or leave the whole deadline empty');
    expect(screen.getByLabelText('Date')).not.toHaveAttribute('aria-invalid');
  });

  it('sends the form with its token and shows the reference prominently, saying an acknowledgement was emailed', async () => {
    const { user, posts } = await mount({
      'POST /api/public/inquiries': [
        { status: 201, body: { reference: 'ND-42', message: 'Thank you. Your inquiry has the reference ND-42. We have emailed an acknowledgement with this reference to ada@paper.example.' } },
      ],
    });
    await fillIn(user);
    await user.type(screen.getByLabelText('Date'), '2030-06-05');
    await user.type(screen.getByLabelText('Time'), '17:30');
    await user.upload(screen.getByLabelText('Attachments'), new File(['brief'], 'brief.pdf', { type: 'application/pdf' }));
    await user.click(send());

    const receipt = await screen.findByRole('region', { name: 'Thank you, we have your inquiry' });
    expect(receipt).toHaveFocus();
    expect(within(receipt).getByText('ND-42')).toHaveClass('receipt__reference');
    expect(receipt).toHaveTextContent(/emailed an acknowledgement/);
    expect(screen.getByRole('status')).toHaveTextContent('Inquiry sent. Your reference is ND-42.');
    expect(screen.queryByRole('button', { name: 'Send inquiry' })).toBeNull();

    const body = posts()[0].body!;
    expect(Object.fromEntries([...body.entries()].filter(([, value]) => typeof value === 'string'))).toEqual({
      token: 'token-1',
      name: 'Ada Reporter',
      email: 'ada@paper.example',
      outlet: 'The Daily Example',
      phone: '',
      deadlineDate: '2030-06-05',
      deadlineTime: '17:30',
      deadlineTimezone: 'Europe/London',
      requestType: 'interview',
      subject: 'The bridge',
      message: 'Can your director speak to us today?',
      website: '',
    });
    expect((body.get('attachments') as File).name).toBe('brief.pdf');
  });

  it('shows the server’s messages next to the fields they belong to', async () => {
    const { user } = await mount({
      'POST /api/public/inquiries': [
        { status: 400, body: errorBody(400, 'The deadline must be in the future', [{ field: 'deadlineDate', messages: ['The deadline must be in the future'] }]) },
      ],
    });
    await fillIn(user);
    await user.type(screen.getByLabelText('Date'), '2020-06-05');
    await user.type(screen.getByLabelText('Time'), '17:30');
    await user.click(send());

    const summary = await screen.findByRole('alert');
    await waitFor(() => expect(summary).toHaveFocus());
    expect(within(summary).getByRole('link', { name: 'The deadline must be in the future' })).toHaveAttribute('href', '#inquiry-deadlineDate');
    expect(screen.getByLabelText('Date')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Date')).toHaveAccessibleDescription('Error: The deadline must be in the future');
    expect(screen.getByLabelText(/Your question/)).toHaveValue('Can your director speak to us today?');
  });

  it('clears an error once the field is put right and the form is sent again', async () => {
    const { user } = await mount({ 'POST /api/public/inquiries': [{ status: 201, body: { reference: 'ND-7', message: 'Thank you.' } }] });
    await fillIn(user);
    await user.clear(screen.getByLabelText(/Subject/));
    await user.click(send());
    expect(screen.getByLabelText(/Subject/)).toHaveAttribute('aria-invalid', 'true');

    await user.type(screen.getByLabelText(/Subject/), 'The bridge');
    await user.click(send());
    await screen.findByRole('region', { name: /Thank you/ });
    expect(document.querySelector('[aria-invalid]')).toBeNull();
    expect(screen.queryByRole('alert')).toBeEmptyDOMElement();
  });

  it('fetches a new token when the server says the form expired, and asks to send again', async () => {
    const { user, sent, view } = await mount({
      'GET /api/public/inquiries/token': [{ status: 200, body: formDto('token-1') }, { status: 200, body: formDto('token-2') }],
      'POST /api/public/inquiries': [
        { status: 400, body: errorBody(400, 'The form was opened too long ago.', [{ field: 'token', messages: ['The form was opened too long ago.'] }]) },
      ],
    });
    await fillIn(user);
    await user.click(send());

    expect(await screen.findByRole('alert')).toHaveTextContent('This form had expired, so it has been refreshed. Please check your details and send it again.');
    expect(view.token.value).toBe('token-2');
    expect(sent.filter((request) => request.method === 'GET')).toHaveLength(2);
  });

  it('passes on the rate-limit message', async () => {
    const message = 'Too many inquiries have been sent for this email address in the last hour. Please try again in 12 minutes, or email news@press.example directly.';
    const { user } = await mount({ 'POST /api/public/inquiries': [{ status: 429, body: errorBody(429, message) }] });
    await fillIn(user);
    await user.click(send());

    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent(message);
    expect(within(summary).queryAllByRole('link')).toHaveLength(0);
  });

  it('keeps the text and offers the email address when the server cannot be reached', async () => {
    const { user } = await mount({ 'POST /api/public/inquiries': [new TypeError('Failed to fetch')] });
    await fillIn(user);
    await user.click(send());

    expect(await screen.findByRole('alert')).toHaveTextContent(/could not be reached.*email news@press\.example/);
    expect(screen.getByLabelText(/Subject/)).toHaveValue('The bridge');
    expect(send()).toBeEnabled();
  });

  it('checks attachments against the server’s limits before sending', async () => {
    const { user, posts } = await mount({
      'GET /api/public/inquiries/token': [{ status: 200, body: formDto('token-1', { maxAttachments: 2, maxAttachmentBytes: 1024, maxTotalBytes: 2048 }) }],
    });
    expect(screen.getByLabelText('Attachments')).toHaveAccessibleDescription('Optional. Up to 2 files, 1 KB each, 2 KB in total.');
    await fillIn(user);
    await user.upload(screen.getByLabelText('Attachments'), [new File(['x'.repeat(2000)], 'scan.png', { type: 'image/png' })]);
    await user.click(send());

    expect(screen.getByLabelText('Attachments')).toHaveAccessibleDescription(/Error: "scan\.png" is too large: each file can be at most 1 KB/);
    expect(posts()).toHaveLength(0);
  });

  it('starts a second inquiry with the journalist’s details kept and a fresh token', async () => {
    const { user, view } = await mount({
      'GET /api/public/inquiries/token': [{ status: 200, body: formDto('token-1') }, { status: 200, body: formDto('token-2') }],
      'POST /api/public/inquiries': [{ status: 201, body: { reference: 'ND-8', message: 'Thank you.' } }],
    });
    await fillIn(user);
    await user.click(send());
    await user.click(await screen.findByRole('button', { name: 'Send another inquiry' }));

    expect(screen.getByLabelText(/Subject/)).toHaveFocus();
    expect(screen.getByLabelText(/Subject/)).toHaveValue('');
    expect(screen.getByLabelText(/Your question/)).toHaveValue('');
    expect(screen.getByLabelText(/Email address/)).toHaveValue('ada@paper.example');
    await waitFor(() => expect(view.token.value).toBe('token-2'));
  });
});

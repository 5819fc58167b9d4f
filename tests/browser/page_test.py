#!/usr/bin/env python3
"""The search page of annals-serve in headless Chromium, driven through
chromedriver's W3C WebDriver protocol (plain urllib: nothing to download).

Usage: page_test.py --serve BIN --search BIN --db DIR --more-db DIR --tmp DIR --screenshot PNG

--db is the bundled corpus's index; --more-db holds the test's other
articles (apart, so that they leave the corpus's ranking alone).  Starts an
annals-serve on each (on a port of its choosing) and chromedriver (on a free
one), on the loopback interface, each in a session of its own, and stops both (and Chromium) at the end whatever
happens.  Prints one line per failed check and exits 1 if any failed."""
import argparse, base64, json, os, re, select, signal, socket, subprocess, sys, time
import urllib.error, urllib.request

ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'
KEY = {'left': '\ue012', 'right': '\ue014', 'enter': '\ue007', 'shift': '\ue008'}


class WebDriverError(Exception):
    pass


def call(method, url, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.load(r)['value']
    except urllib.error.HTTPError as e:
        v = json.load(e)['value']
        raise WebDriverError(v.get('error', '') + ': ' + v.get('message', '').split('\n')[0])


class Browser:
    def __init__(self, driver_url, profile):
        self.base = driver_url
        caps = {'browserName': 'chrome', 'goog:loggingPrefs': {'browser': 'ALL'}, 'goog:chromeOptions': {
            'binary': '/usr/bin/chromium',
            'args': ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                     '--user-data-dir=' + profile, '--window-size=1280,900', '--hide-scrollbars']}}
        v = call('POST', driver_url + '/session', {'capabilities': {'alwaysMatch': caps}})
        self.base = driver_url + '/session/' + v['sessionId']

    def do(self, method, path, body=None):
        return call(method, self.base + path, body)

    def quit(self):
        call('DELETE', self.base, timeout=20)

    def js(self, script, *args):
        return self.do('POST', '/execute/sync', {'script': script, 'args': list(args)})

    def find(self, css):
        return self.do('POST', '/element', {'using': 'css selector', 'value': css})[ELEMENT]

    def click(self, el):
        self.do('POST', '/element/%s/click' % el, {})

    def keys(self, el, text):
        self.do('POST', '/element/%s/value' % el, {'text': text})

    def text(self, el):
        return self.do('GET', '/element/%s/text' % el)

    def active(self):
        return self.do('GET', '/element/active')[ELEMENT]

    def open(self, url):
        self.do('POST', '/url', {'url': url})

    def alert(self):
        """The text of an open alert, else None."""
        try:
            return self.do('GET', '/alert/text')
        except WebDriverError as e:
            if str(e).startswith('no such alert'):
                return None
            raise


# What the page shows, read from its DOM.
SNAPSHOT = r'''
const q = (e, s) => e.querySelector(s), t = e => e ? e.textContent : '';
return {
  url: location.pathname + location.search,
  busy: document.getElementById('results').getAttribute('aria-busy'),
  status: t(document.getElementById('status')),
  filters: t(document.getElementById('filters')),
  groups: [...document.querySelectorAll('#hits .group > h3')].map(t),
  bars: [...document.querySelectorAll('#hist [role=button]')].map(b =>
      [b.getAttribute('aria-label'), b.getAttribute('aria-pressed')]),
  hits: [...document.querySelectorAll('#hits .hit')].map(h => ({
      title: t(q(h, '.title')), heading: t(q(h, '.heading')),
      years: t(q(h, '.years')).replace(/^Years: /, ''),
      entities: [...h.querySelectorAll('.ents a')].map(t),
      marks: [...h.querySelectorAll('mark')].map(t)})),
};'''


# The page background's relative luminance, and the contrast ratio (WCAG
# 2) of each kind of text with the background it is drawn on: the first
# element of each selector that the page shows.
CONTRAST_JS = """
function rgb(s) { const m = s.match(/[0-9.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m; }
function lum(c) {
  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
}
function ground(el) {
  for (; el; el = el.parentElement) { const b = rgb(getComputedStyle(el).backgroundColor); if (b) return b; }
  return rgb(getComputedStyle(document.documentElement).backgroundColor);
}
const pairs = {};
for (const sel of ['#hits .passage', '#hits h3', '#hits mark', '#hits .meta', '#hits .meta a', '.path', '#status']) {
  const el = document.querySelector(sel);
  if (!el) continue;
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(ground(el));
  pairs[sel] = Math.round((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) * 100) / 100;
}
return {page: lum(ground(document.body)), pairs: pairs};
"""


def years_of(text):
    """The years of a hit's "1994–1996, 1999" line."""
    out = set()
    for part in filter(None, text.split(', ')):
        a, _, b = part.partition('–')
        out.update(range(int(a), int(b or a) + 1))
    return out


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def serve_url(proc, timeout=30):
    """The URL annals-serve prints on stdout once it listens."""
    if select.select([proc.stdout], [], [], timeout)[0]:
        m = re.match(r'annals-serve: (http://127\.0\.0\.1:\d+)/ ', proc.stdout.readline())
        if m:
            return m.group(1)
    raise RuntimeError('annals-serve did not say where it listens within %d s' % timeout)


def wait_http(url, what, proc, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError('%s exited with status %d' % (what, proc.returncode))
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError('%s did not answer within %d s' % (what, timeout))


class Test:
    def __init__(self, browser, origins, args):
        self.b, self.args = browser, args
        self.origin, self.more = origins
        self.checks = self.failures = 0

    def check(self, what, ok, detail=''):
        self.checks += 1
        if not ok:
            self.failures += 1
            print('FAILED: %s%s' % (what, ': ' + str(detail) if detail != '' else ''), flush=True)
        return ok

    def snap(self):
        return self.b.js(SNAPSHOT)

    def settle(self, what, cond, timeout=15):
        """The page once it is done loading and cond(page) holds."""
        end = time.time() + timeout
        while True:
            page = self.snap()
            if page['busy'] == 'false' and cond(page):
                return page
            if time.time() > end:
                self.check(what + ' (waited %d s)' % timeout, False, json.dumps(page)[:600])
                return page
            time.sleep(0.1)

    def expected(self, db, query):
        """annals-search --json's hits as the page shows them (title, heading), and its year facet."""
        out = json.loads(subprocess.run([self.args.search, '--db', db, '--json', '--limit', '1000', query],
                                        capture_output=True, check=True).stdout)
        return ([(h['title'], '' if h['heading'] == h['title'] else h['heading']) for h in out['hits']],
                out['facets']['year'])

    def bar(self, label_start):
        return self.b.find('#hist [role=button][aria-label^="%s"]' % label_start)

    def drag(self, from_label, to_label, pointer):
        """Presses the bar whose label starts from_label, moves to to_label's
        and lets go, with a pointer of that type ('mouse' or 'touch')."""
        start, end = self.bar(from_label), self.bar(to_label)
        self.b.do('POST', '/actions', {'actions': [{'type': 'pointer', 'id': pointer,
                                                    'parameters': {'pointerType': pointer}, 'actions': [
            {'type': 'pointerMove', 'origin': {ELEMENT: start}, 'x': 0, 'y': 0},
            {'type': 'pointerDown', 'button': 0},
            {'type': 'pointerMove', 'origin': {ELEMENT: end}, 'x': 0, 'y': 0, 'duration': 100},
            {'type': 'pointerUp', 'button': 0}]}]})
        self.b.do('DELETE', '/actions')

    def run(self):
        b = self.b
        b.open(self.origin + '/')
        page = self.snap()
        self.check('an empty page has no hits', page['hits'] == [] and page['bars'] == [], page)

        # Searching as you type.
        b.keys(b.find('#q'), 'Lisbon principles')
        page = self.settle('hits for "Lisbon principles"', lambda p: p['hits'])
        first = page['hits'][0] if page['hits'] else {}
        self.check('the first hit is the Budapest Summit section',
                   first.get('title') == 'Azerbaijan–OSCE relations' and
                   'Budapest Summit' in first.get('heading', ''), first)
        hits, years = self.expected(self.args.db, 'Lisbon principles')
        self.check('the hits are annals-search\'s, in its order',
                   [(h['title'], h['heading']) for h in page['hits']] == hits, page['hits'])
        self.check('the URL holds the query', page['url'] == '/?q=Lisbon+principles', page['url'])
        self.check('the status gives the total and the time',
                   re.fullmatch(r'%d sections in [0-9.]+ (ms|s)' % len(page['hits']), page['status']),
                   page['status'])
        marks = [m for h in page['hits'] for m in h['marks']]
        self.check('highlights are the query\'s words (byte offsets read right)',
                   marks and all(re.fullmatch(r'(?i)lisbon|principles?', m) for m in marks), marks)
        # What a screen reader announces: the accessibility tree's role and
        # name of the search box, the histogram and a bar, as Chromium computes them.
        def announced(css):
            el = b.find(css)
            return [b.do('GET', '/element/%s/computedrole' % el), b.do('GET', '/element/%s/computedlabel' % el)]
        self.check('the search box is announced with its name',
                   announced('#q') == ['searchbox', 'Search the archive'], announced('#q'))
        self.check('the histogram is announced as a group named by its heading',
                   announced('#hist') == ['group', 'Years'], announced('#hist'))
        self.check('a bar is announced as a button with its year and count',
                   announced('#hist [role=button][aria-label^="1997:"]')[0] == 'button' and
                   re.fullmatch(r'1997: \d+ sections?', announced('#hist [role=button][aria-label^="1997:"]')[1]),
                   announced('#hist [role=button][aria-label^="1997:"]'))
        labels = [l for l, _ in page['bars']]
        self.check('a bar a year, as annals-search counts', labels == [
            '%d: %d section%s' % (y['value'], y['count'], '' if y['count'] == 1 else 's')
            for y in sorted(years, key=lambda y: y['value'])], labels)
        before = page['hits']

        # A click on the 1997 bar narrows to 1997.
        n1997 = int(re.search(r'1997: (\d+)', ' '.join(labels)).group(1))
        b.click(self.bar('1997:'))
        page = self.settle('the 1997 bar narrows', lambda p: 'year=1997' in p['url'])
        self.check('the URL holds year=1997', page['url'] == '/?q=Lisbon+principles&year=1997', page['url'])
        self.check('as many hits as the 1997 bar counts', len(page['hits']) == n1997,
                   '%d hits, bar %d' % (len(page['hits']), n1997))
        self.check('every hit shown mentions 1997',
                   page['hits'] and all(1997 in years_of(h['years']) for h in page['hits']),
                   [h['years'] for h in page['hits']])
        self.check('the 1997 bar is pressed, the others not',
                   [l.split(':')[0] for l, p in page['bars'] if p == 'true'] == ['1997'], page['bars'])
        self.check('a filter chip names the year', 'Year 1997' in page['filters'], page['filters'])
        with open(self.args.screenshot, 'wb') as f:
            f.write(base64.b64decode(b.do('GET', '/screenshot')))
        narrowed = page['hits']

        # Back restores the previous results.
        b.do('POST', '/back', {})
        page = self.settle('Back', lambda p: p['url'] == '/?q=Lisbon+principles')
        self.check('Back shows the previous hits', page['hits'] == before, page['hits'])
        self.check('Back leaves no year chosen', all(p == 'false' for _, p in page['bars']), page['bars'])
        self.check('Back puts the query in the box', b.js("return document.getElementById('q').value")
                   == 'Lisbon principles')

        # A shared link opens on its results.
        b.open(self.origin + '/?q=Lisbon+principles&year=1997')
        page = self.settle('a shared link', lambda p: p['hits'])
        self.check('a shared link shows its results', page['hits'] == narrowed, page['hits'])
        b.open(self.origin + '/?q=Lisbon+principles&year=..1994')
        page = self.settle('a span open at its start', lambda p: p['hits'])
        self.check('a span open at its start presses the bars up to its end',
                   [l.split(':')[0] for l, p in page['bars'] if p == 'true'] == ['1992', '1994'], page['bars'])
        self.check('a filter chip names the open span', 'Years …–1994' in page['filters'], page['filters'])

        # The keyboard: arrows move between bars, Enter chooses, Shift+Enter extends.
        b.keys(self.bar('1997:'), KEY['right'] + KEY['enter'])
        page = self.settle('Enter on the 1998 bar', lambda p: 'year=1998' in p['url'])
        self.check('Enter on the next bar narrows to 1998', page['url'].endswith('&year=1998'), page['url'])
        b.keys(b.active(), KEY['left'] + KEY['left'] + KEY['shift'] + KEY['enter'] + KEY['shift'])
        page = self.settle('Shift+Enter', lambda p: 'year=1996..1998' in p['url'])
        self.check('Shift+Enter extends to a span', page['url'].endswith('&year=1996..1998'), page['url'])
        self.check('every hit mentions a year of the span',
                   page['hits'] and all(years_of(h['years']) & {1996, 1997, 1998} for h in page['hits']),
                   [h['years'] for h in page['hits']])
        self.check('the span\'s bars are pressed',
                   [l.split(':')[0] for l, p in page['bars'] if p == 'true'] == ['1996', '1997', '1998'],
                   page['bars'])

        # Dragging across bars selects a span.
        self.drag('1994:', '1995:', 'mouse')
        page = self.settle('a drag', lambda p: 'year=1994..1995' in p['url'])
        self.check('a drag from 1994 to 1995 narrows to 1994..1995', page['url'].endswith('&year=1994..1995'),
                   page['url'])

        # A finger does the same: a touch drag across bars (the histogram
        # leaves vertical moves to the page's scrolling, and takes the rest).
        self.drag('1996:', '1998:', 'touch')
        page = self.settle('a touch drag', lambda p: 'year=1996..1998' in p['url'])
        self.check('a touch drag from 1996 to 1998 narrows to 1996..1998',
                   page['url'].endswith('&year=1996..1998'), page['url'])

        # Entity links narrow to the entity.
        b.open(self.origin + '/?q=Lisbon+principles')
        self.settle('the query again', lambda p: p['hits'])
        b.click(b.find('#hits .hit .ents a[data-entity="1588"]'))
        page = self.settle('an entity link', lambda p: 'entity=1588' in p['url'])
        self.check('an entity link narrows to it', page['url'] == '/?q=Lisbon+principles&entity=1588', page['url'])
        self.check('every hit names the entity',
                   page['hits'] and all('Azerbaijan' in h['entities'] for h in page['hits']), page['hits'])
        self.check('a filter chip names the entity', 'Entity Azerbaijan' in page['filters'], page['filters'])

        # Many years: centuries, which zoom into decades, then years.
        b.open(self.more + '/?q=treaty')
        page = self.settle('hits for "treaty"', lambda p: p['hits'])
        labels = [l for l, _ in page['bars']]
        self.check('centuries when the years are many', labels and all(
            re.fullmatch(r'1\d00–1\d99: \d+ sections?, zoom in', l) for l in labels), labels)
        b.click(self.bar('1900–1999:'))
        page = self.settle('the 1900s century', lambda p: 'year=1900..1999' in p['url'])
        labels = [l for l, _ in page['bars']]
        self.check('a century zooms into its decades', labels and all(
            re.fullmatch(r'19\d0–19\d9: \d+ sections?, zoom in', l) for l in labels), labels)
        b.click(self.bar('1990–1999:'))
        page = self.settle('the 1990s decade', lambda p: 'year=1990..1999' in p['url'])
        labels = [l for l, _ in page['bars']]
        self.check('a decade zooms into its years', labels and all(
            re.fullmatch(r'199\d: \d+ sections?', l) for l in labels), labels)
        self.check('every hit mentions a year of the 1990s', page['hits'] and all(
            any(1990 <= y <= 1999 for y in years_of(h['years'])) for h in page['hits']), page['hits'])

        # Loading more on scroll.
        b.open(self.more + '/?q=treaty')
        page = self.settle('"treaty" again', lambda p: p['hits'])
        total = int(page['status'].split()[0])
        self.check('a first page of 10 hits', len(page['hits']) == 10 and total > 10, page['status'])
        b.js("document.getElementById('more').scrollIntoView()")
        page = self.settle('more hits on scroll', lambda p: len(p['hits']) == total)
        self.check('no more to load', not b.js("return document.getElementById('more').offsetParent"))
        self.check('scrolling down loads the rest',
                   [(h['title'], h['heading']) for h in page['hits']] == self.expected(self.args.more_db, 'treaty')[0],
                   page['hits'])

        # The timeline: date order, grouped by the year a section starts in.
        b.click(b.find('#sort'))
        b.click(b.find('#sort option[value=date]'))
        page = self.settle('the timeline', lambda p: 'sort=date' in p['url'] and p['groups'])
        dated = [g for g in page['groups'] if g != 'Undated']
        self.check('the timeline groups hits by year, oldest first',
                   dated == sorted(dated, key=int) and len(dated) == len(set(dated)), page['groups'])

        # Archive text is text: markup in an article is shown, never run.
        b.open(self.more + '/?q=Zanzibar')
        page = self.settle('hits for "Zanzibar"', lambda p: p['hits'])
        self.check('no alert opens', self.b.alert() is None)
        shown = b.text(b.find('#hits'))
        self.check('the markup is shown as text', '<script>alert("title")</script>' in shown and
                   '<img src=x onerror=alert(2)>' in shown and '<script>alert(1)</script>' in shown, shown)
        self.check('no element made from archive text', b.js(
            "return document.querySelectorAll('#hits script, #hits img, #hits b').length") == 0)
        self.check('highlights after non-ASCII text', page['hits'][0]['marks'] == ['Zanzibar'],
                   page['hits'][0]['marks'])

        # Nothing the page did raised an error or broke its Content-Security-Policy.
        errors = [e['message'] for e in b.do('POST', '/se/log', {'type': 'browser'}) if e['level'] == 'SEVERE']
        self.check('no errors in the console', errors == [], errors)

        # A phone's width: nothing wider than the screen.
        b.do('POST', '/window/rect', {'width': 390, 'height': 844})
        b.open(self.origin + '/?q=Lisbon+principles')
        self.settle('the phone\'s page', lambda p: p['hits'])
        width = b.js('return [document.documentElement.scrollWidth, innerWidth]')
        self.check('no sideways scrolling on a phone', width[0] <= width[1], width)

        # Light and dark: the page follows the system's colour scheme, and its
        # text keeps WCAG AA contrast (4.5:1) on what it is drawn on.
        for scheme in ('light', 'dark'):
            b.do('POST', '/goog/cdp/execute', {'cmd': 'Emulation.setEmulatedMedia', 'params': {
                'features': [{'name': 'prefers-color-scheme', 'value': scheme}]}})
            c = b.js(CONTRAST_JS)
            self.check('%s: the background' % scheme,
                       c['page'] < 0.1 if scheme == 'dark' else c['page'] > 0.8, c)
            low = {k: v for k, v in c['pairs'].items() if v < 4.5}
            self.check('%s: text contrast at least 4.5:1' % scheme, len(c['pairs']) == 7 and not low, c)
        print('%d checks, %d failed' % (self.checks, self.failures), flush=True)
        return self.failures == 0


def main():
    ap = argparse.ArgumentParser()
    for a in ('--serve', '--search', '--db', '--more-db', '--tmp', '--screenshot'):
        ap.add_argument(a, required=True)
    args = ap.parse_args()

    def stop_on_signal(sig, frame):
        sys.exit(128 + sig)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop_on_signal)

    procs, browser, origins = [], None, []
    try:
        for db, log in ((args.db, 'serve.log'), (args.more_db, 'serve-more.log')):
            serve = subprocess.Popen([args.serve, '--db', db, '--listen', '127.0.0.1:0'],
                                     stdout=subprocess.PIPE, stderr=open(os.path.join(args.tmp, log), 'w'),
                                     text=True, start_new_session=True)
            procs.append(serve)
            origins.append(serve_url(serve))
        dport = free_port()
        driver = subprocess.Popen(['chromedriver', '--port=%d' % dport, '--allowed-ips=127.0.0.1'],
                                  stdout=open(os.path.join(args.tmp, 'chromedriver.log'), 'w'),
                                  stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(driver)
        wait_http('http://127.0.0.1:%d/status' % dport, 'chromedriver', driver)
        browser = Browser('http://127.0.0.1:%d' % dport, os.path.join(args.tmp, 'profile'))
        ok = Test(browser, origins, args).run()
    finally:
        if browser:
            try:
                browser.quit()
            except (OSError, WebDriverError):
                pass
        # Each was started in a session of its own: its group holds Chromium too.
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())

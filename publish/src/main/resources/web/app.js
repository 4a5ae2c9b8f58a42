// storyline digest page: plain DOM, no framework, no build step.
// Post text is only ever inserted with textContent; links only when they are http(s) URLs.
'use strict';

const LISTS = ['news/24h', 'tools/24h', 'papers/24h', 'all/24h'];
const SHOWN = 10;
const sources = new Map();

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function safeUrl(url) {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') ? u.href : null;
  } catch (e) {
    return null;
  }
}

// "Now" for ages is the lists' clock: the newest generatedAt seen. In a replay the lists are ranked
// as of the newest post (event time), so "3 h ago" means 3 hours before that, not before today.
let listClock = 0;

function age(iso) {
  if (!iso) return '';
  const now = listClock || Date.now();
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60000));
  if (minutes < 60) return minutes + ' min ago';
  if (minutes < 48 * 60) return Math.round(minutes / 60) + ' h ago';
  return Math.round(minutes / 1440) + ' days ago';
}

function badges(counts) {
  const span = el('span', 'badges');
  Object.keys(counts || {}).sort().forEach(source => {
    const b = el('span', 'badge ' + source.toLowerCase(), source.toLowerCase() + ' ' + counts[source]);
    span.appendChild(b);
  });
  return span;
}

function movement(item) {
  if (item.movement === undefined || item.movement === null) return el('span', 'move new', 'new');
  if (item.movement > 0) return el('span', 'move up', '▲' + item.movement);
  if (item.movement < 0) return el('span', 'move down', '▼' + (-item.movement));
  return el('span', 'move', '–');
}

function storyHref(id) {
  return '#/story/' + encodeURIComponent(id);
}

function renderItem(item) {
  const story = item.story || {};
  const li = el('li', 'item');
  li.dataset.storyId = item.storyId;
  const rank = el('div', 'rank', item.rank);
  rank.appendChild(movement(item));
  li.appendChild(rank);
  const body = el('div', 'body');
  if (story.label) body.appendChild(el('p', 'label', story.label + ' · ' + String(item.category).toLowerCase()));
  const a = el('a', 'headline', item.headline || story.label || item.storyId);
  a.href = storyHref(item.storyId);
  body.appendChild(a);
  if (item.summary) body.appendChild(el('p', 'summary', item.summary));
  const meta = el('p', 'meta');
  meta.appendChild(badges(story.sourceCounts || Object.fromEntries((item.sources || []).map(s => [s, '']))));
  meta.appendChild(document.createTextNode(item.postCount + ' posts · ' + age(story.lastSeen)
      + ' · score ' + Number(item.score).toFixed(2)));
  meta.title = Object.entries(item.scoreParts || {}).map(([k, v]) => k + ' ' + Number(v).toFixed(2)).join(' × ');
  body.appendChild(meta);
  const links = el('p', 'links');
  (story.topPosts || []).filter(p => safeUrl(p.url)).slice(0, 3).forEach(p => {
    const l = el('a', null, p.source + (p.author ? ' · ' + p.author : ''));
    l.href = safeUrl(p.url);
    l.rel = 'noopener noreferrer nofollow';
    l.target = '_blank';
    links.appendChild(l);
  });
  body.appendChild(links);
  li.appendChild(body);
  return li;
}

function renderList(list) {
  listClock = Math.max(listClock, Date.parse(list.generatedAt) || 0);
  const section = document.querySelector('section[data-list="' + list.list + '"]');
  if (!section) return;
  const ol = section.querySelector('ol.items');
  ol.replaceChildren(...list.items.slice(0, SHOWN).map(renderItem));
  if (list.items.length === 0) ol.appendChild(el('li', 'empty', 'nothing yet'));
  section.dataset.generatedAt = list.generatedAt;
  document.getElementById('generated').textContent = 'as of ' + new Date(list.generatedAt).toUTCString();
}

function setLive(on) {
  const live = document.getElementById('live');
  live.textContent = on ? 'live' : 'reconnecting…';
  live.className = 'live ' + (on ? 'on' : 'off');
}

// The page is live while at least one list stream is open: one list the server does not publish
// (404) or a stream that drops must not flag the others as reconnecting.
const openStreams = new Set();

function streamState(list, open) {
  if (open) openStreams.add(list); else openStreams.delete(list);
  setLive(openStreams.size > 0);
}

function subscribe(list) {
  if (sources.has(list)) return;
  const es = new EventSource('/api/v1/top/' + list + '/events');
  es.onopen = () => streamState(list, true);
  es.addEventListener('list', ev => {
    streamState(list, true);
    renderList(JSON.parse(ev.data));
  });
  es.onerror = () => streamState(list, false);
  sources.set(list, es);
}

async function loadList(list) {
  const r = await fetch('/api/v1/top/' + list);
  if (r.ok) renderList(await r.json());
}

async function showStory(id) {
  document.getElementById('digest').hidden = true;
  document.getElementById('story').hidden = false;
  const r = await fetch('/api/v1/stories/' + encodeURIComponent(id));
  const headline = document.getElementById('story-headline');
  if (!r.ok) {
    const err = await r.json().catch(() => ({ message: 'error ' + r.status }));
    headline.textContent = err.message;
    return;
  }
  const body = await r.json();
  const s = body.story;
  document.getElementById('story-label').textContent = s.label + ' · ' + String(s.category).toLowerCase();
  headline.textContent = s.headline;
  document.getElementById('story-summary').textContent = s.summary;
  const meta = document.getElementById('story-meta');
  meta.replaceChildren(badges(s.sourceCounts), document.createTextNode(
      s.postCount + ' posts by ' + s.authorCount + ' authors · first seen ' + age(s.firstSeen)
      + ' · last seen ' + age(s.lastSeen)));
  const chart = document.getElementById('story-chart');
  const hours = body.postsPerHour || [];
  const max = Math.max(1, ...hours.map(h => h.posts));
  chart.replaceChildren(...hours.map(h => {
    const bar = el('div', 'bar');
    bar.style.height = Math.round(100 * h.posts / max) + '%';
    bar.title = h.hour + ': ' + h.posts + ' posts';
    return bar;
  }));
  document.getElementById('story-ranks').replaceChildren(...(body.ranks || []).map(r =>
      el('li', null, '#' + r.rank + ' in ' + r.list + ' (' + Object.entries(r.scoreParts || {})
          .map(([k, v]) => k + ' ' + Number(v).toFixed(2)).join(' × ') + ')')));
  document.getElementById('story-posts').replaceChildren(...(s.topPosts || []).map(p => {
    const li = el('li');
    const url = safeUrl(p.url);
    const title = el(url ? 'a' : 'span', null, p.title || p.id);
    if (url) { title.href = url; title.rel = 'noopener noreferrer nofollow'; title.target = '_blank'; }
    li.appendChild(el('span', 'badge ' + String(p.source).toLowerCase(), String(p.source).toLowerCase()));
    li.appendChild(title);
    li.appendChild(el('span', 'meta', ' ' + (p.author || '') + ' · ' + age(p.createdAt)));
    return li;
  }));
}

function route() {
  const m = location.hash.match(/^#\/story\/(.+)$/);
  if (m) {
    showStory(decodeURIComponent(m[1]));
  } else {
    document.getElementById('story').hidden = true;
    document.getElementById('digest').hidden = false;
  }
}

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', () => {
  LISTS.forEach(list => { loadList(list); subscribe(list); });
  route();
});

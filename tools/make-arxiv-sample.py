#!/usr/bin/env python3
"""Writes arXiv daily listings (../shared/data/arxiv-daily-cs, CC0 metadata) as arXiv export API Atom pages.

The crawl records carry no per-paper time, so <published>/<updated> are the listing day at 00:00 UTC.
Usage: tools/make-arxiv-sample.py OUT_DIR DAY [DAY ...]   (DAY like 2025-07-09)
"""
import json, os, sys
from xml.sax.saxutils import escape, quoteattr

SRC = os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'data', 'arxiv-daily-cs')
PAGE = 100

def entry(r, day):
    ts = f"{day}T00:00:00Z"
    aid = r['id']
    cats = r.get('categories') or []
    out = ["  <entry>",
           f"    <id>http://arxiv.org/abs/{escape(aid)}v1</id>",
           f"    <title>{escape(' '.join(r['title'].split()))}</title>",
           f"    <updated>{ts}</updated>",
           f"    <link href={quoteattr('https://arxiv.org/abs/' + aid + 'v1')} rel=\"alternate\" type=\"text/html\"/>",
           f"    <link href={quoteattr('https://arxiv.org/pdf/' + aid + 'v1')} rel=\"related\" type=\"application/pdf\" title=\"pdf\"/>",
           f"    <summary>{escape(' '.join((r.get('summary') or '').split()))}</summary>"]
    for c in cats:
        out.append(f"    <category term={quoteattr(c)} scheme=\"http://arxiv.org/schemas/atom\"/>")
    out.append(f"    <published>{ts}</published>")
    if r.get('comment'):
        out.append(f"    <arxiv:comment>{escape(r['comment'])}</arxiv:comment>")
    if cats:
        out.append(f"    <arxiv:primary_category term={quoteattr(cats[0])}/>")
    for a in r.get('authors') or []:
        out.append(f"    <author>\n      <name>{escape(a)}</name>\n    </author>")
    out.append("  </entry>")
    return "\n".join(out)

def main(out_dir, days):
    os.makedirs(out_dir, exist_ok=True)
    for day in days:
        seen, recs = set(), []
        with open(os.path.join(SRC, day + '.jsonl'), encoding='utf-8') as f:
            for line in f:
                r = json.loads(line)
                if r['id'] not in seen:
                    seen.add(r['id']); recs.append(r)
        for start in range(0, len(recs), PAGE):
            page = recs[start:start + PAGE]
            q = f"search_query=cat:cs.AI+OR+cat:cs.CL+OR+cat:cs.CV&amp;sortBy=submittedDate&amp;start={start}&amp;max_results={PAGE}"
            xml = ["<?xml version='1.0' encoding='UTF-8'?>",
                   '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">',
                   f"  <id>https://arxiv.org/api/storyline-sample-{day}-{start}</id>",
                   f"  <title>arXiv Query: {q}</title>",
                   f"  <updated>{day}T00:00:00Z</updated>",
                   f"  <opensearch:itemsPerPage>{PAGE}</opensearch:itemsPerPage>",
                   f"  <opensearch:totalResults>{len(recs)}</opensearch:totalResults>",
                   f"  <opensearch:startIndex>{start}</opensearch:startIndex>"]
            xml += [entry(r, day) for r in page]
            xml.append("</feed>\n")
            with open(os.path.join(out_dir, f"arxiv-{day}-start{start:04d}.xml"), 'w', encoding='utf-8') as f:
                f.write("\n".join(xml))

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2:])

"""Write export files with every oddity real exports have, for the tests to import."""

from xml.sax.saxutils import escape

NINETEEN = "1234567890123456789"


def disqus_xml(threads: list[dict], posts: list[dict], *, extra: str = "") -> str:
    """Return a Disqus export. A thread: id, link, title, date; a post: id, thread, parent,
    message, date, deleted, spam, name, email. A key left out is left out of the file."""
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" '
             'xmlns:odd="http://example.com/unknown">']
    for t in threads:
        attr = f' dsq:id="{t["id"]}"' if "id" in t else ""
        date = f"<createdAt>{t['date']}</createdAt>" if "date" in t else ""
        parts.append(f"<thread{attr}><id>{escape(t.get('ident', ''))}</id>"
                     f"<link>{escape(t.get('link', ''))}</link><title>{escape(t.get('title', ''))}</title>"
                     f"{date}<odd:shiny>unknown namespace</odd:shiny></thread>")
    parts.append(extra)
    for p in posts:
        attr = f' dsq:id="{p["id"]}"' if "id" in p else ""
        parent = f'<parent dsq:id="{p["parent"]}"/>' if "parent" in p else ""
        parts.append(
            f"<post{attr}><message><![CDATA[{p.get('message', '<p>text</p>')}]]></message>"
            f"<createdAt>{p.get('date', '2020-01-02T03:04:05Z')}</createdAt>"
            f"<isDeleted>{str(p.get('deleted', False)).lower()}</isDeleted>"
            f"<isSpam>{str(p.get('spam', False)).lower()}</isSpam>"
            f"<author><name>{escape(p.get('name', 'Reader'))}</name>"
            f"<email>{escape(p.get('email', 'r@example.org'))}</email></author>"
            f'<thread dsq:id="{p.get("thread", "1")}"/>{parent}<odd:extra/></post>'
        )
    parts.append("</disqus>")
    return "\n".join(parts)


def wxr(items: list[dict], *, version: str = "1.2") -> str:
    """Return a WordPress export. An item: post_id, link, slug, title, content, comments (dicts
    with id, parent, content, approved, type, date_gmt, date, author, email, meta)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           f'xmlns:wp="http://wordpress.org/export/{version}/"><channel>']
    for item in items:
        out.append(f"<item><title>{escape(item.get('title', 'Post'))}</title>"
                   f"<link>{escape(item.get('link', ''))}</link>"
                   f"<content:encoded><![CDATA[{item.get('content', '')}]]></content:encoded>"
                   f"<wp:post_id>{item.get('post_id', '')}</wp:post_id>"
                   f"<wp:post_name>{item.get('slug', '')}</wp:post_name>"
                   f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>")
        for c in item.get("comments", []):
            meta = "".join(f"<wp:commentmeta><wp:meta_key>{k}</wp:meta_key>"
                           f"<wp:meta_value><![CDATA[{v}]]></wp:meta_value></wp:commentmeta>"
                           for k, v in c.get("meta", {}).items())
            out.append(
                f"<wp:comment><wp:comment_id>{c['id']}</wp:comment_id>"
                f"<wp:comment_author><![CDATA[{c.get('author', 'Reader')}]]></wp:comment_author>"
                f"<wp:comment_author_email>{c.get('email', '')}</wp:comment_author_email>"
                f"<wp:comment_date>{c.get('date', '2019-05-06 07:08:09')}</wp:comment_date>"
                f"<wp:comment_date_gmt>{c.get('date_gmt', '2019-05-06 05:08:09')}</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[{c.get('content', 'A comment.')}]]></wp:comment_content>"
                f"<wp:comment_approved>{c.get('approved', '1')}</wp:comment_approved>"
                f"<wp:comment_type>{c.get('type', '')}</wp:comment_type>"
                f"<wp:comment_parent>{c.get('parent', '0')}</wp:comment_parent>{meta}</wp:comment>"
            )
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out)

from tribune.core.text import ARTICLE, COMMENT, render_markdown, sanitize_html


class TestSanitizeHtml:
    def test_comment_profile_keeps_its_tags_and_marks_links(self):
        html = sanitize_html('<p>a <em>b</em> <a href="https://x.example/">c</a></p>')
        assert html == '<p>a <em>b</em> <a href="https://x.example/" rel="nofollow ugc noopener">c</a></p>'

    def test_script_handlers_and_script_urls_are_removed(self):
        html = sanitize_html('<script>x()</script><a href="javascript:x()" onclick="x()">y</a>'
                             '<svg onload=x()></svg><h1>big</h1>\x00')
        assert html == '<a rel="nofollow ugc noopener">y</a>big'

    def test_render_markdown_uses_the_same_sanitizer(self):
        source = "*a* <b>"
        assert render_markdown(source, profile=COMMENT) == "<p><em>a</em> &lt;b&gt;</p>\n"
        assert sanitize_html("<h2>t</h2>", profile=ARTICLE) == "<h2>t</h2>"

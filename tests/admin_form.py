"""What a browser would submit from an admin page's form, for tests that
post a whole change form without spelling out every field and inline."""

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self.textarea = None
        self.select = None
        self.first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.data[self.select].append(attrs.get("value", ""))
        name = attrs.get("name")
        if not self.inside or not name or "__prefix__" in name:  # __prefix__: the inlines' empty templates
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("file", "submit", "button"):
                self.data.setdefault(name, []).append(
                    attrs.get("value") or ("on" if kind == "checkbox" else "")
                )
        elif tag == "textarea":
            self.textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select":
            self.select = name
            self.first_option = None if "multiple" not in attrs else ""  # a list box may send nothing
            self.data.setdefault(name, [])

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea:
            # A browser drops the newline that follows <textarea>.
            self.data[self.textarea][-1] = self.data[self.textarea][-1].removeprefix("\n")
            self.textarea = None
        elif tag == "select":
            if self.select and not self.data[self.select] and self.first_option:
                self.data[self.select].append(self.first_option)  # what a browser sends when none is selected
            self.select = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data


def form_data(client, url, form_id):
    """The fields of the admin form at url, as the browser would send them unchanged."""
    parser = _Form(form_id)
    parser.feed(client.get(url).content.decode())
    return {name: values[0] if len(values) == 1 else values for name, values in parser.data.items()}

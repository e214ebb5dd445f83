"""Read an admin page's form the way a browser would submit it."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []  # (name, value) pairs in page order
        self.required = set()
        self.kinds = {}
        self.options = {}
        self._select = None
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if name and "required" in attrs:
            self.required.add(name)
        if tag == "input":
            kind = attrs.get("type", "text")
            self.kinds[name] = kind
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind != "file":
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "select":
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": [], "chosen": []}
            self.kinds[name] = "select"
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["chosen"].append(value)
        elif tag == "textarea":
            self._textarea = name
            self._text = []
            self.kinds[name] = "textarea"

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = select["chosen"]
            if not chosen and not select["multiple"] and select["options"]:
                chosen = select["options"][:1]  # what a browser submits
            self.fields += [(select["name"], value) for value in chosen]
            self.options[select["name"]] = select["options"]
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # Browsers drop the newline that directly follows <textarea>.
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def read_form(html, form_id):
    """(data, required names, input kinds, options of each select) of the form."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    return data, reader.required, reader.kinds, reader.options


def form_data(client, url, form_id):
    """The fields of the admin form at url, as the browser would send them unchanged."""
    data, _required, _kinds, _options = read_form(client.get(url).content.decode(), form_id)
    return {
        name: values[0] if len(values) == 1 else values
        for name, values in data.items()
        if "__prefix__" not in name  # the inlines' empty templates
    }

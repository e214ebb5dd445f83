"""English that must never reach a Thai admin screen, and the check for it.

Department staff read the admin in Thai; an English button or message left
over from Django or a third-party app is one they may not understand. Only
what a person sees is checked: text nodes outside <script>, <style> and
<textarea> (whose content is the item's own data), and the attributes that
browsers show or read aloud. URLs, CSS classes and ids are never looked at.
Phrases match whole words, case-sensitively, so "No" does not hit "Note".
"""

import re
from html.parser import HTMLParser

ENGLISH_PHRASES = [
    # The frame of every page
    "Django administration",
    "Django site admin",
    "Site administration",
    "administration",
    "Welcome",
    "View site",
    "Documentation",
    "Change password",
    "Log out",
    "Log in",
    "Logout",
    "Toggle theme",
    "Toggle navigation",
    "Skip to main content",
    "Start typing to filter",
    "Filter navigation items",
    "Sidebar",
    "Breadcrumbs",
    "Home",
    "Model name",
    "Add link",
    "Change or view list link",
    "Recent actions",
    "My actions",
    "None available",
    "Unknown content",
    "You don’t have permission",
    # Lists, filters and actions
    "Add",
    "Change",
    "View",
    "Delete",
    "Select",
    "Select an option",
    "Select all",
    "Clear selection",
    "selected",
    "Action:",
    "Action",
    "Run",
    "Go",
    "Filter",
    "Filter by",
    "By",
    "Show counts",
    "Hide counts",
    "Clear all filters",
    "Search",
    "result",
    "results",
    "total",
    "Show all",
    "All",
    "Yes",
    "No",
    "Unknown",
    "Any date",
    "Today",
    "Past 7 days",
    "This month",
    "This year",
    "No date",
    "Has date",
    "Empty",
    "Not empty",
    "All dates",
    "Sorting priority",
    "Remove from sorting",
    "Toggle sorting",
    "Pagination",
    "entry",
    "entries",
    "Delete selected",
    "Successfully deleted",
    "Items must be selected",
    "No action selected",
    # Forms
    "Save",
    "Save and add another",
    "Save and continue editing",
    "Save as new",
    "Save and view",
    "Close",
    "Remove",
    "Add another",
    "Currently",
    "Clear",
    "Hold down",
    "Lookup",
    "Please correct",
    "This field is required",
    "This field cannot be",
    "Enter a valid",
    "Enter a number",
    "Ensure this value",
    "Ensure that there are no more",
    "already exists",
    "is not one of the available choices",
    "Select a valid choice",
    "Upload a valid image",
    "No file was submitted",
    "Error",
    # Messages after saving or deleting
    "was added successfully",
    "was changed successfully",
    "was deleted successfully",
    "You may edit it again",
    "You may add another",
    "doesn’t exist",
    "Perhaps it was deleted",
    # Deleting
    "Are you sure",
    "Yes, I’m sure",
    "No, take me back",
    "Objects",
    "Summary",
    "Deleting the",
    "would require deleting",
    "would result in deleting",
    # History (Django's and django-simple-history's)
    "History",
    "Change history",
    "View history",
    "Date/time",
    "User",
    "This object doesn’t have a change history",
    "This object doesn't have a change history",
    "Revert",
    "Changed by",
    "Change reason",
    "Changes",
    "Comment",
    "Object",
    "Change History",
    "Press the",
    "Choose a date from the list",
    "Created",
    "Changed",
    "Deleted",
    "Added",
    "No fields changed",
    # Accounts and passwords
    "Password",
    "password",
    "Old password",
    "New password",
    "Password confirmation",
    "Change my password",
    "Your password",
    "Forgotten your",
    "Username",
    "Email address",
    "email address",
    "Personal info",
    "Permissions",
    "Important dates",
    "Groups",
    "Group",
    "Authentication and Authorization",
    "Superuser status",
    "Staff status",
    "Active",
    "Last login",
    "Date joined",
    "Raw passwords are not stored",
    "Accounts",
    "Email addresses",
    "Verified",
    "Primary",
    "Mark selected",
    # The admin's JavaScript (select boxes, calendar, clock)
    "Available",
    "Chosen",
    "Choose",
    "Choose all",
    "Remove all",
    "Type into this box",
    "click to clear",
    "Now",
    "Midnight",
    "Noon",
    "Cancel",
    "Yesterday",
    "Tomorrow",
    "Choose a Date",
    "Choose a Time",
    "Choose a time",
    "You have unsaved changes",
    "You have selected an action",
    "Note: Enter times",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    # Background tasks (django_tasks_db)
    "Tasks Database Backend",
    "Task Result",
    "Task Results",
    "Task name",
    "Status",
    "Enqueued at",
    "Started at",
    "Finished at",
    "Priority",
    "Queue name",
    "Backend name",
    "Run after",
    "Return value",
    "Traceback",
    "Worker id",
    "Ready",
    "Running",
    "Failed",
    "Successful",
    # Rich-text editor labels Django renders
    "Paragraph",
    "Heading",
    "Check the correct settings",
    # Field labels Django derives from English names
    "Name",
    "Title",
    "Slug",
    "Order",
    "Date",
    "Description",
]

# Attributes a browser shows (tooltips, placeholders) or reads aloud. Not alt:
# Django hard-codes English ones on icons (search, yes/no) that no catalog reaches.
_SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "aria-description", "data-placeholder", "label"}
_BUTTON_TYPES = {"submit", "button", "reset"}
_UNSEEN_ELEMENTS = {"script", "style", "textarea"}


class _ShownText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._unseen = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _UNSEEN_ELEMENTS:
            self._unseen += 1
        for name in _SHOWN_ATTRIBUTES & attrs.keys():
            self.texts.append(attrs[name] or "")
        if tag == "input" and (attrs.get("type") or "").lower() in _BUTTON_TYPES:
            self.texts.append(attrs.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _UNSEEN_ELEMENTS:
            self._unseen -= 1

    def handle_endtag(self, tag):
        if tag in _UNSEEN_ELEMENTS and self._unseen:
            self._unseen -= 1

    def handle_data(self, data):
        if not self._unseen:
            self.texts.append(data)


def shown_text(html):
    """The pieces of text a person sees or hears on the page, whitespace collapsed."""
    parser = _ShownText()
    parser.feed(html)
    parser.close()
    return [piece for piece in (" ".join(t.split()) for t in parser.texts) if piece]


_PATTERNS = [
    (phrase, re.compile(r"(?<![A-Za-z])" + re.escape(phrase) + r"(?![A-Za-z])")) for phrase in ENGLISH_PHRASES
]


def english_in(texts):
    """(phrase, the text it was found in) for every English phrase in texts."""
    return [(phrase, text) for text in texts for phrase, pattern in _PATTERNS if pattern.search(text)]


def assert_thai_only(html):
    """Fail, naming each English phrase and where it stands, if the page shows any."""
    if isinstance(html, bytes):
        html = html.decode()
    found = english_in(shown_text(html))
    assert not found, "English on a Thai admin screen:\n" + "\n".join(
        f"  {phrase!r} in {text[:120]!r}" for phrase, text in found
    )

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from feedback import answers
from feedback.forms import AnswerForm, SurveyForm
from kmlaas import ratelimit

SURVEYS_PER_ADDRESS = 20
SURVEY_WINDOW = 3600


@require_POST
def answer(request):
    """The "was this page useful?" buttons: a redirect back with a message, or
    JSON for the page's script (which asks with Accept: application/json)."""
    item = _published_item(request.POST.get("kind", ""), request.POST.get("id", ""))
    form = AnswerForm(request.POST)
    try:
        answers.check_rate(request)
        if not form.is_valid():
            return _reply(request, item, " ".join(m for ms in form.errors.values() for m in ms), status=400)
        helpful, comment = form.cleaned_data["helpful"], form.cleaned_data["comment"].strip()
        if helpful is None:
            answers.add_comment(request, item, comment)
            return _reply(request, item, _("ขอบคุณสำหรับความคิดเห็น ผู้ดูแลจะนำไปปรับปรุงหน้านี้"))
        answers.record(request, item, helpful=helpful, comment=comment)
    except answers.TooManyAttempts:
        return _reply(request, item, _("มีการตอบจากเครือข่ายนี้มากเกินไป โปรดลองใหม่ในอีกหนึ่งชั่วโมง"), status=429)
    except answers.AlreadyAnswered:
        return _reply(request, item, _("คุณตอบเกี่ยวกับหน้านี้ไว้แล้ว ขอบคุณสำหรับความเห็น"), status=409)
    except answers.NothingToComment:
        return _reply(request, item, _("เลือกว่าหน้านี้เป็นประโยชน์หรือไม่ก่อนส่งความคิดเห็น"), status=400)
    return _reply(request, item, _("ขอบคุณสำหรับความเห็น เราจะนำไปปรับปรุงเนื้อหา"))


def _published_item(kind, pk):
    model = answers.KINDS.get(kind)
    if model is None or not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        raise Http404
    return get_object_or_404(model.objects.published(), pk=int(pk))


def _reply(request, item, message, status=200):
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": status == 200, "message": message}, status=status)
    level = messages.SUCCESS if status == 200 else messages.WARNING
    messages.add_message(request, level, message)
    return redirect(f"{item.get_absolute_url()}#page-feedback")


@require_http_methods(["GET", "HEAD", "POST"])
def survey(request):
    form = SurveyForm(request.POST or None)
    # Only complete surveys count towards the address's limit: an office behind
    # one address should not lose its share to colleagues' typing mistakes.
    if request.method == "POST" and (form.is_bot or form.is_valid()):
        if not ratelimit.allow(f"survey:{ratelimit.client_key(request)}", SURVEYS_PER_ADDRESS, SURVEY_WINDOW):
            form.add_error(None, _("มีการส่งแบบประเมินจากเครือข่ายนี้หลายครั้งแล้ว โปรดลองใหม่ในอีกหนึ่งชั่วโมง"))
            return render(request, "feedback/survey.html", {"form": form}, status=429)
        if not form.is_bot:  # a filled-in trap field is thanked like anyone else, and dropped
            form.save()
        return redirect("feedback:survey_thanks")
    return render(request, "feedback/survey.html", {"form": form})


@require_safe
def survey_thanks(request):
    return render(request, "feedback/survey_thanks.html")

/*global CalendarNamespace, DateTimeShortcuts*/
// Buddhist-Era years in Django's admin calendar (calendar.js and
// DateTimeShortcuts.js, loaded just before this file). The calendar keeps
// counting in CE internally, as JavaScript dates do; only what people see and
// what is written into the input is in BE: the caption and labels say 2569,
// a click writes 27/11/2569, and a 27/11/2569 already typed opens November.
// Inputs of kmlaas.admin_dates carry the offset (data-be-offset, BE_OFFSET in
// kmlaas/thai.py); others are left to Django.
"use strict";
{
    const shortcuts = DateTimeShortcuts;
    const calendar = CalendarNamespace;
    const THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
    const TYPED_DATE = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/;

    function offsetOf(input) {
        return input ? Number(input.dataset.beOffset || 0) : 0;
    }

    function pad(number) {
        return String(number).padStart(2, "0");
    }

    function writeDate(input, year, month, day) {
        input.value = `${pad(day)}/${pad(month)}/${year + offsetOf(input)}`;
    }

    // The offset of the calendar being drawn or built, for formatDate, which
    // Django calls without saying which calendar it is for.
    let yearOffset = 0;

    function withOffset(offset, run) {
        const before = yearOffset;
        yearOffset = offset;
        try {
            return run();
        } finally {
            yearOffset = before;
        }
    }

    // Labels of days and of the Yesterday / Today / Tomorrow links.
    const formatDate = calendar.formatDate;
    calendar.formatDate = (day, month, year) => formatDate(day, month, Number(year) + yearOffset);

    // The caption ("พฤศจิกายน 2569") and every day's label.
    const draw = calendar.draw;
    calendar.draw = function (month, year, divId, callback, selected) {
        const num = Number(divId.slice(shortcuts.calendarDivName2.length));
        const offset = offsetOf(shortcuts.calendarInputs[num]);
        withOffset(offset, () => draw(month, year, divId, callback, selected));
        if (offset) {
            const caption = document.querySelector(`#${divId} caption`);
            caption.textContent = `${calendar.monthsOfYear[month - 1]} ${Number(year) + offset}`;
        }
    };

    const addCalendar = shortcuts.addCalendar;
    shortcuts.addCalendar = (input) => withOffset(offsetOf(input), () => addCalendar(input));

    // "Previous (ตุลาคม 2026)": the year is all that changes.
    const updateNavAriaLabels = shortcuts.updateNavAriaLabels;
    shortcuts.updateNavAriaLabels = function (num) {
        updateNavAriaLabels(num);
        const offset = offsetOf(shortcuts.calendarInputs[num]);
        const box = document.getElementById(shortcuts.calendarDivName1 + num);
        for (const link of box.querySelectorAll(".calendarnav-previous, .calendarnav-next")) {
            const label = link.getAttribute("aria-label");
            link.setAttribute("aria-label", label.replace(/\d{4}/, (year) => Number(year) + offset));
        }
    };

    // A day clicked in the calendar.
    const handleCalendarCallback = shortcuts.handleCalendarCallback;
    shortcuts.handleCalendarCallback = function (num) {
        const pick = handleCalendarCallback(num);
        return function (year, month, day) {
            pick(year, month, day);
            const input = shortcuts.calendarInputs[num];
            if (offsetOf(input)) {
                writeDate(input, Number(year), Number(month), Number(day));
            }
        };
    };

    // Yesterday, Today, Tomorrow.
    const handleCalendarQuickLink = shortcuts.handleCalendarQuickLink;
    shortcuts.handleCalendarQuickLink = function (num, days) {
        handleCalendarQuickLink(num, days);
        const input = shortcuts.calendarInputs[num];
        if (offsetOf(input)) {
            const date = shortcuts.now();
            date.setDate(date.getDate() + days);
            writeDate(input, date.getFullYear(), date.getMonth() + 1, date.getDate());
        }
    };

    // Open at the month of a BE date already in the input. Django would read
    // 2569 as a CE year, so it is shown the month here and an empty input.
    const openCalendar = shortcuts.openCalendar;
    shortcuts.openCalendar = function (num) {
        const input = shortcuts.calendarInputs[num];
        const offset = offsetOf(input);
        if (!offset) {
            openCalendar(num);
            return;
        }
        const typed = input.value;
        const digits = typed.replace(/[๐-๙]/g, (digit) => THAI_DIGITS.indexOf(digit));
        const found = TYPED_DATE.exec(digits);
        if (found) {
            const [day, month, year] = found.slice(1).map(Number);
            if (month >= 1 && month <= 12) {
                const selected = new Date(Date.UTC(year - offset, month - 1, day));
                shortcuts.calendars[num].drawDate(month, year - offset, selected);
            }
        }
        input.value = "";
        try {
            openCalendar(num);
        } finally {
            input.value = typed;
        }
    };
}

// The dashboard's live check-ins on a congress day: every few seconds the check-in section is
// fetched again and put in place; its status line (role="status") announces the new total.
// A button pauses and resumes the updates (WCAG 2.2.2). Without JavaScript a reload shows the
// current numbers.
(function () {
    "use strict";
    var live = document.getElementById("checkins-live");
    if (!live || !live.dataset.liveUrl) {
        return;
    }
    var url = live.dataset.liveUrl;
    var interval = parseInt(live.dataset.liveInterval, 10) * 1000 || 30000;
    var toggle = document.querySelector("[data-live-toggle]");
    var timer = null;

    function refresh() {
        fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
            .then(function (response) {
                return response.ok ? response.text() : null;
            })
            .then(function (html) {
                if (!html) {
                    return;
                }
                var next = new DOMParser().parseFromString(html, "text/html").getElementById("checkins-live");
                var current = document.getElementById("checkins-live");
                if (next && current) {
                    current.querySelector(".dashboard-section").replaceWith(next.querySelector(".dashboard-section"));
                    current.querySelector("[role=status]").textContent = next.querySelector("[role=status]").textContent;
                }
            })
            .catch(function () {});
    }

    function start() {
        timer = window.setInterval(refresh, interval);
        if (toggle) {
            toggle.textContent = toggle.dataset.labelPause;
        }
    }

    function stop() {
        window.clearInterval(timer);
        timer = null;
        toggle.textContent = toggle.dataset.labelResume;
    }

    if (toggle) {
        toggle.hidden = false;
        toggle.addEventListener("click", function () {
            if (timer) {
                stop();
            } else {
                refresh();
                start();
            }
        });
    }
    start();
})();

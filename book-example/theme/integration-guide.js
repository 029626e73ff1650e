/* mdbook-integration-guide v0.1.0 */
/*
 * The request forms of api-example and auth-flow as tabs (the WAI-ARIA
 * tabs pattern, https://www.w3.org/WAI/ARIA/apg/patterns/tabs/). Without
 * this script, and on the print page, every form shows under its name.
 * `install` writes this file and adds it to output.html.additional-js.
 *
 * A choice applies to every request on the page and is remembered
 * (localStorage) on other pages and after a reload.
 */
(function () {
    "use strict";
    var KEY = "mdbook-integration-guide.client";
    var groups = [];

    function stored() {
        try {
            return window.localStorage.getItem(KEY);
        } catch (e) {
            return null;
        }
    }

    function store(client) {
        try {
            window.localStorage.setItem(KEY, client);
        } catch (e) {
            /* private mode: the choice lasts for this page */
        }
    }

    /* Shows `client` in every group that has it; `focus`: the group whose
       tab gets the focus. */
    function select(client, focus) {
        groups.forEach(function (g) {
            var i = g.clients.indexOf(client);
            if (i < 0) {
                return;
            }
            g.tabs.forEach(function (tab, j) {
                var on = j === i;
                tab.setAttribute("aria-selected", on ? "true" : "false");
                tab.tabIndex = on ? 0 : -1;
                g.panels[j].hidden = !on;
            });
            if (g === focus) {
                g.tabs[i].focus();
            }
        });
    }

    function enhance(box, n) {
        var panels = Array.prototype.slice.call(box.querySelectorAll(":scope > .ig-form"));
        if (panels.length < 2) {
            return;
        }
        var list = document.createElement("div");
        list.className = "ig-tablist";
        list.setAttribute("role", "tablist");
        list.setAttribute("aria-label", box.getAttribute("data-ig-label") || "Request");
        var g = { box: box, tabs: [], panels: panels, clients: [] };
        panels.forEach(function (panel, j) {
            var client = panel.getAttribute("data-ig-client");
            var label = panel.querySelector(":scope > .ig-form-label");
            var tab = document.createElement("button");
            tab.type = "button";
            tab.className = "ig-tab";
            tab.id = "ig-tab-" + n + "-" + client;
            tab.setAttribute("role", "tab");
            tab.setAttribute("data-ig-client", client);
            tab.setAttribute("aria-controls", "ig-panel-" + n + "-" + client);
            tab.textContent = label ? label.textContent : client;
            panel.id = "ig-panel-" + n + "-" + client;
            panel.setAttribute("role", "tabpanel");
            panel.setAttribute("aria-labelledby", tab.id);
            tab.addEventListener("click", function () {
                store(client);
                select(client, null);
            });
            tab.addEventListener("keydown", function (e) {
                var k = { ArrowRight: j + 1, ArrowLeft: j - 1, Home: 0, End: panels.length - 1 }[e.key];
                if (k === undefined) {
                    return;
                }
                /* Not mdBook's page navigation (its arrow keys on the
                   document). */
                e.preventDefault();
                e.stopPropagation();
                var next = g.clients[(k + panels.length) % panels.length];
                store(next);
                select(next, g);
            });
            list.appendChild(tab);
            g.tabs.push(tab);
            g.clients.push(client);
        });
        box.insertBefore(list, box.firstChild);
        box.classList.add("ig-tabs-on");
        groups.push(g);
        /* First the group's own first form; the reader's choice below. */
        g.tabs.forEach(function (tab, j) {
            tab.setAttribute("aria-selected", j === 0 ? "true" : "false");
            tab.tabIndex = j === 0 ? 0 : -1;
            panels[j].hidden = j !== 0;
        });
    }

    function start() {
        /* The print page shows every form. */
        if (/(^|\/)print\.html$/.test(window.location.pathname)) {
            return;
        }
        var boxes = document.querySelectorAll(".ig-forms");
        Array.prototype.forEach.call(boxes, enhance);
        var chosen = stored();
        if (chosen) {
            select(chosen, null);
        }
        window.addEventListener("storage", function (e) {
            if (e.key === KEY && e.newValue) {
                select(e.newValue, null);
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();

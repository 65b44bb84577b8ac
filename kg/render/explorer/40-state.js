/* Share: the view's state lives in the URL fragment, "#panel?key=value&…"; every navigation
   is a new history entry (back and forward work), typing only replaces the current one. */
"use strict";
KG.href = (panel, params) => "#" + panel + (params && Object.keys(params).length ? "?" + new URLSearchParams(params).toString() : "");
KG.state = function () {
  const hash = decodeURIComponent(location.hash.slice(1).split("?")[0]) || "find";
  const query = location.hash.includes("?") ? location.hash.slice(location.hash.indexOf("?") + 1) : "";
  return { panel: hash, params: Object.fromEntries(new URLSearchParams(query)) };
};
KG.go = (panel, params) => { const h = KG.href(panel, params); if (location.hash !== h) location.hash = h; else KG.route(); };
KG.replace = (panel, params) => history.replaceState(null, "", KG.href(panel, params));
KG.panels = {};
KG.route = function () {
  const { panel, params } = KG.state();
  const name = KG.panels[panel] ? panel : "find";
  for (const tab of document.querySelectorAll("#tabs a")) tab.setAttribute("aria-selected", String(tab.dataset.panel === name));
  for (const section of document.querySelectorAll(".panel")) section.hidden = section.id !== "panel-" + name;
  KG.panels[name].show(params);
};

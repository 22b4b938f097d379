/// The sandbox's single web page: channels with their messages and threads, and a console to type slash
/// commands as any seed user. Self-contained (no external assets); it polls `/sandbox/state` every 2 s and
/// builds everything with DOM text nodes, so nothing the bot or a user wrote is ever parsed as HTML.
enum SandboxPage {
    static let html = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Tocsin sandbox</title>
        <style>
          :root { --fg:#1d1c1d; --muted:#616061; --line:#dddddd; --accent:#1264a3; --bg:#f8f8f8; }
          * { box-sizing: border-box; }
          body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
          header { padding:10px 16px; background:#3f0e40; color:#fff; display:flex; gap:12px; align-items:baseline; }
          header h1 { font-size:17px; margin:0; }
          header span { opacity:.8; font-size:12px; }
          form#console { position:sticky; top:0; z-index:2; display:flex; flex-wrap:wrap; gap:8px; padding:10px 16px; background:#fff; border-bottom:1px solid var(--line); }
          form#console select, form#console input[type=text] { padding:6px 8px; border:1px solid #bbb; border-radius:4px; font:inherit; }
          form#console input[type=text] { flex:1 1 360px; }
          form#console button { padding:6px 14px; background:#007a5a; color:#fff; border:0; border-radius:4px; font-weight:600; cursor:pointer; }
          #replyto { flex-basis:100%; font-size:12px; color:var(--muted); }
          #result { flex-basis:100%; white-space:pre-wrap; font-size:13px; }
          #result.error { color:#b00020; }
          main { display:grid; grid-template-columns:repeat(auto-fill, minmax(420px, 1fr)); gap:14px; padding:14px 16px; }
          section.channel { background:#fff; border:1px solid var(--line); border-radius:6px; padding:10px 12px; min-width:0; }
          section.channel h2 { font-size:15px; margin:0 0 4px; }
          .meta { font-size:12px; color:var(--muted); margin:2px 0; }
          .badge { display:inline-block; font-size:11px; padding:0 5px; border-radius:3px; background:#e8e8e8; color:#444; margin-left:4px; }
          .badge.bot { background:#e8f0fe; color:var(--accent); }
          .badge.eph { background:#fff4d6; color:#7a5500; }
          .msg { border-top:1px solid #f0f0f0; padding:6px 0; }
          .msg.reply { margin-left:24px; border-left:3px solid #e2e2e2; padding-left:8px; }
          .msg.ephemeral { background:#fffbea; }
          .who { font-weight:700; }
          .ts { font-size:11px; color:var(--muted); margin-left:6px; }
          .text { white-space:pre-wrap; overflow-wrap:anywhere; }
          .block { margin:3px 0; }
          .block h4 { margin:2px 0; font-size:15px; }
          .fields { display:grid; grid-template-columns:1fr 1fr; gap:2px 12px; }
          .context { font-size:12px; color:var(--muted); }
          .actions button, .accessory { margin:3px 6px 3px 0; padding:3px 10px; border:1px solid #bbb; background:#fff; border-radius:4px; cursor:pointer; font:inherit; }
          button.primary { background:#007a5a; color:#fff; border-color:#007a5a; }
          button.danger { background:#e01e5a; color:#fff; border-color:#e01e5a; }
          .small { font-size:12px; color:var(--accent); cursor:pointer; background:none; border:0; padding:0; }
          pre.raw { font-size:11px; background:#f4f4f4; padding:4px; overflow:auto; }
          .mention { background:#e8f5fa; color:var(--accent); border-radius:3px; padding:0 2px; }
          code { font-size:12px; background:#f4f4f4; border:1px solid #e4e4e4; border-radius:3px; padding:0 3px; }
          details#calls { margin:0 16px 16px; background:#fff; border:1px solid var(--line); border-radius:6px; padding:6px 12px; }
          details#calls summary { cursor:pointer; font-weight:600; }
          #calls table { border-collapse:collapse; width:100%; font-size:12px; }
          #calls td { border-top:1px solid #f0f0f0; padding:2px 6px; vertical-align:top; overflow-wrap:anywhere; }
          #calls tr.failed td { color:#b00020; }
          #modal { position:fixed; inset:0; background:rgba(0,0,0,.45); display:flex; align-items:center; justify-content:center; z-index:5; }
          #modal[hidden] { display:none; }
          #modal form { background:#fff; border-radius:8px; width:min(520px, 94vw); max-height:90vh; overflow:auto; padding:14px 18px; }
          #modal h3 { margin:0 0 10px; font-size:18px; }
          #modal label { display:block; font-weight:700; margin:10px 0 4px; }
          #modal input, #modal select, #modal textarea { width:100%; padding:6px 8px; border:1px solid #bbb; border-radius:4px; font:inherit; }
          #modal textarea { min-height:80px; }
          #modal .fielderror { color:#b00020; font-size:12px; margin-top:2px; }
          #modal .buttons { display:flex; justify-content:flex-end; gap:8px; margin-top:14px; }
          #modal .buttons button { padding:6px 14px; border-radius:4px; font-weight:600; cursor:pointer; }
        </style>
        </head>
        <body>
        <header><h1 id="team">Tocsin sandbox</h1><span>a local Slack-compatible workspace · refreshes every 2 s</span></header>
        <form id="console" autocomplete="off">
          <select id="user" title="Act as"></select>
          <select id="channel" title="In channel"></select>
          <input id="text" type="text" value="/incident declare SEV1 checkout Card payments failing" aria-label="Message or slash command">
          <button type="submit">Send</button>
          <button type="button" id="asgrafana" title="Post the text as the Grafana integration would">Post as Grafana</button>
          <button type="button" id="shortcut" title="The app's global shortcut, as from Slack's composer or search">⚡ Declare incident</button>
          <div id="replyto"></div>
          <div id="result"></div>
        </form>
        <main id="channels"></main>
        <div id="modal" hidden></div>
        <details id="calls"><summary>Web API calls</summary><table><tbody id="calllist"></tbody></table></details>
        <script>
        "use strict";
        let state = null;
        let replyTo = null;

        function el(tag, attrs, ...children) {
          const node = document.createElement(tag);
          for (const [key, value] of Object.entries(attrs || {})) {
            if (key === "class") node.className = value;
            else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
            else node.setAttribute(key, value);
          }
          for (const child of children) {
            if (child === null || child === undefined) continue;
            node.append(child instanceof Node ? child : document.createTextNode(String(child)));
          }
          return node;
        }

        function showResult(text, isError) {
          const box = document.getElementById("result");
          box.textContent = text;
          box.className = isError ? "error" : "";
        }

        async function post(path, body) {
          const response = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
          return response.json();
        }

        function textOf(obj) {
          if (!obj) return "";
          if (typeof obj === "string") return obj;
          if (typeof obj.text === "string") return obj.text;
          if (obj.alt_text) return obj.alt_text;
          return "";
        }

        const EMOJI = { rotating_light: "🚨", white_check_mark: "✅", heavy_check_mark: "✔️", warning: "⚠️", fire: "🔥",
          eyes: "👀", red_circle: "🔴", large_orange_circle: "🟠", large_yellow_circle: "🟡", large_green_circle: "🟢",
          large_blue_circle: "🔵", white_circle: "⚪", memo: "📝", pushpin: "📌", link: "🔗", bell: "🔔", mega: "📣",
          loudspeaker: "📢", hourglass: "⌛", hourglass_flowing_sand: "⏳", stopwatch: "⏱️", alarm_clock: "⏰", x: "❌",
          information_source: "ℹ️", chart_with_upwards_trend: "📈", chart_with_downwards_trend: "📉", sos: "🆘",
          speech_balloon: "💬", question: "❓", busts_in_silhouette: "👥", bust_in_silhouette: "👤", clipboard: "📋",
          checkered_flag: "🏁", tada: "🎉", rocket: "🚀", construction: "🚧", arrow_up: "⬆️", arrow_down: "⬇️",
          thumbsup: "👍", "+1": "👍", calendar: "📆", spiral_note_pad: "🗒️", robot_face: "🤖", mag: "🔍", lock: "🔒",
          hammer_and_wrench: "🛠️", triangular_flag_on_post: "🚩", no_entry: "⛔", bulb: "💡", scroll: "📜" };

        function channelName(id) {
          const channel = state.channels.find(c => c.id === id);
          return channel ? channel.name : id;
        }

        // Slack mrkdwn to DOM nodes: mentions, links, *bold*, _italic_, `code`, ~strike~ and :emoji:.
        // Slack message text escapes only &, < and >.
        function unescapeEntities(text) {
          return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
        }

        function mrkdwn(value) {
          const text = String(value);
          const fragment = document.createDocumentFragment();
          const pattern = /<([^<>\n]+)>|(?<![\w*])\*([^*\n]+)\*(?![\w*])|(?<![\w_])_([^_\n]+)_(?![\w_])|`([^`\n]+)`|(?<![\w~])~([^~\n]+)~(?![\w~])|:([a-z0-9_+'-]+):/g;
          let last = 0;
          for (const match of text.matchAll(pattern)) {
            fragment.append(unescapeEntities(text.slice(last, match.index)));
            last = match.index + match[0].length;
            if (match[1] !== undefined) fragment.append(slackLink(match[1]));
            else if (match[2] !== undefined) fragment.append(el("b", {}, mrkdwn(match[2])));
            else if (match[3] !== undefined) fragment.append(el("i", {}, mrkdwn(match[3])));
            else if (match[4] !== undefined) fragment.append(el("code", {}, unescapeEntities(match[4])));
            else if (match[5] !== undefined) fragment.append(el("s", {}, mrkdwn(match[5])));
            else fragment.append(EMOJI[match[6]] || match[0]);
          }
          fragment.append(unescapeEntities(text.slice(last)));
          return fragment;
        }

        function slackLink(inner) {
          const bar = inner.indexOf("|");
          const target = bar < 0 ? inner : inner.slice(0, bar);
          const label = bar < 0 ? "" : inner.slice(bar + 1);
          if (target.startsWith("@")) return el("span", { class: "mention" }, "@" + (label || userName(target.slice(1))));
          if (target.startsWith("#")) return el("span", { class: "mention" }, "#" + (label || channelName(target.slice(1))));
          if (target.startsWith("!subteam^")) return el("span", { class: "mention" }, label || "@" + target.slice(9));
          if (target.startsWith("!")) return el("span", { class: "mention" }, "@" + (label || target.slice(1)));
          if (/^https?:\/\//i.test(target)) return el("a", { href: target, target: "_blank", rel: "noopener noreferrer" }, label || target);
          return unescapeEntities(label || target);
        }

        function clock(ts) {
          const date = new Date(parseFloat(ts) * 1000);
          return isNaN(date) ? ts : date.toLocaleTimeString();
        }

        function button(element, ctx, blockIndex, cls) {
          const style = element.style === "primary" || element.style === "danger" ? element.style : "";
          return el("button", { class: (cls || "") + " " + style, type: "button", title: element.action_id || "",
            onclick: () => clickButton(ctx, blockIndex, element.action_id) }, textOf(element.text) || "button");
        }

        function renderBlocks(blocks, ctx) {
          const box = el("div", {});
          blocks.forEach((block, index) => {
            const type = block && block.type;
            if (type === "header") box.append(el("div", { class: "block" }, el("h4", {}, textOf(block.text))));
            else if (type === "divider") box.append(el("hr", {}));
            else if (type === "section") {
              const part = el("div", { class: "block" });
              if (block.text) part.append(el("div", { class: "text" }, rich(block.text)));
              if (Array.isArray(block.fields)) part.append(el("div", { class: "fields" }, ...block.fields.map(f => el("div", { class: "text" }, rich(f)))));
              if (block.accessory && block.accessory.type === "button") part.append(button(block.accessory, ctx, index, "accessory"));
              box.append(part);
            } else if (type === "context") {
              const line = el("div", { class: "block context" });
              (block.elements || []).forEach((element, i) => { if (i > 0) line.append("  ·  "); line.append(rich(element)); });
              box.append(line);
            } else if (type === "actions") {
              const row = el("div", { class: "block actions" });
              for (const element of block.elements || []) {
                if (element.type === "button") row.append(button(element, ctx, index));
                else row.append(el("span", { class: "badge" }, element.type || "element"));
              }
              box.append(row);
            } else if (block && typeof block.text === "string") box.append(el("div", { class: "block text" }, block.text));
            else box.append(el("pre", { class: "raw" }, JSON.stringify(block, null, 1)));
          });
          return box;
        }

        // A text object: mrkdwn is formatted, plain_text is shown as written (emoji shortcodes aside).
        function rich(obj) {
          if (obj && obj.type === "mrkdwn") return mrkdwn(textOf(obj));
          return textOf(obj);
        }

        function userName(id) {
          const user = state.users.find(u => u.id === id);
          return user ? user.name : id;
        }

        function renderMessage(channel, message, options) {
          const ctx = { channel: channel.id, ts: message.ts, ephemeral: !!options.ephemeral };
          const head = el("div", {},
            el("span", { class: "who" }, message.user_name || userName(message.user)),
            message.is_bot ? el("span", { class: "badge bot" }, "APP") : null,
            options.ephemeral ? el("span", { class: "badge eph" }, "Only visible to you") : null,
            el("span", { class: "ts", title: message.ts }, clock(message.ts)),
            message.edited ? el("span", { class: "ts" }, "(edited)") : null,
            message.pinned ? el("span", { class: "badge" }, "pinned") : null);
          const body = message.blocks && message.blocks.length ? renderBlocks(message.blocks, ctx) : el("div", { class: "text" }, mrkdwn(message.text));
          const node = el("div", { class: "msg" + (options.reply ? " reply" : "") + (options.ephemeral ? " ephemeral" : "") }, head, body);
          if (message.reactions && message.reactions.length) node.append(el("div", { class: "meta" }, message.reactions.join("  ")));
          if (!options.reply && !options.ephemeral) {
            node.append(el("button", { class: "small", type: "button", onclick: () => setReplyTo(channel, message) }, "Reply in thread"));
            node.append(" ", el("button", { class: "small", type: "button", title: "The app's message shortcut",
              onclick: () => shortcut({ callback_id: MESSAGE_SHORTCUT, channel: channel.id, message_ts: message.ts }) }, "⚡ Declare from message"));
          }
          if (!options.ephemeral && !message.is_bot && message.user === document.getElementById("user").value) {
            node.append(el("button", { class: "small", type: "button", onclick: () => changeMessage("edit", channel, message) }, "Edit"),
              el("button", { class: "small", type: "button", onclick: () => changeMessage("delete", channel, message) }, "Delete"));
          }
          return node;
        }

        function renderChannel(channel) {
          const section = el("section", { class: "channel" },
            el("h2", {}, (channel.is_private ? "🔒 " : "#") + channel.name, channel.is_archived ? el("span", { class: "badge" }, "archived") : null),
            channel.topic ? el("div", { class: "meta" }, "Topic: ", mrkdwn(channel.topic)) : null,
            channel.purpose ? el("div", { class: "meta" }, "Purpose: ", mrkdwn(channel.purpose)) : null,
            el("div", { class: "meta" }, "Members: " + channel.members.join(", ")));
          for (const bookmark of channel.bookmarks) {
            const link = /^https?:\/\//i.test(bookmark.link) ? el("a", { href: bookmark.link, target: "_blank", rel: "noopener noreferrer" }, bookmark.title) : bookmark.title;
            section.append(el("div", { class: "meta" }, "🔖 ", link));
          }
          const roots = channel.messages.filter(m => !m.thread_ts);
          const rootTS = new Set(roots.map(m => m.ts));
          for (const root of roots) {
            section.append(renderMessage(channel, root, {}));
            for (const reply of channel.messages.filter(m => m.thread_ts === root.ts)) section.append(renderMessage(channel, reply, { reply: true }));
          }
          for (const orphan of channel.messages.filter(m => m.thread_ts && !rootTS.has(m.thread_ts))) section.append(renderMessage(channel, orphan, { reply: true }));
          const me = document.getElementById("user").value;
          for (const eph of state.ephemerals.filter(e => e.channel === channel.id && e.user === me)) {
            section.append(renderMessage(channel, { ...eph, user: null, user_name: "tocsin", is_bot: true }, { ephemeral: true }));
          }
          return section;
        }

        function fillSelect(select, items, label) {
          const keep = select.value;
          const wanted = items.map(i => i.id).join(",");
          if (select.dataset.items !== wanted) {
            select.replaceChildren(...items.map(i => el("option", { value: i.id }, label(i))));
            select.dataset.items = wanted;
            if (items.some(i => i.id === keep)) select.value = keep;
          }
        }

        function setReplyTo(channel, message) {
          replyTo = { channel: channel.id, ts: message.ts };
          document.getElementById("channel").value = channel.id;
          const box = document.getElementById("replyto");
          box.replaceChildren("Replying in a thread of #" + channel.name + " (" + message.ts + ") ",
            el("button", { class: "small", type: "button", onclick: clearReplyTo }, "cancel"));
        }

        function clearReplyTo() {
          replyTo = null;
          document.getElementById("replyto").replaceChildren();
        }

        // The shortcuts Tocsin's manifest installs (callback ids), as Slack's client offers them.
        const GLOBAL_SHORTCUT = "declare_incident";
        const MESSAGE_SHORTCUT = "declare_incident_from_message";
        let shownView = "";
        const dismissedViews = new Set();

        async function shortcut(fields) {
          const answer = await post("/sandbox/shortcut", { user: document.getElementById("user").value, ...fields });
          showResult(answer.ok ? "Shortcut sent." : answer.error, !answer.ok);
          refresh();
        }

        // The first open modal for the person acting (or opened from outside the sandbox), drawn again only
        // when it or its errors change, so what is being typed stays.
        function renderModal() {
          const me = document.getElementById("user").value;
          const view = (state.views || []).find(v => (v.user === me || v.user === "") && !dismissedViews.has(v.id));
          const box = document.getElementById("modal");
          const key = view ? me + view.id + JSON.stringify(view.errors) : "";
          if (key === shownView) return;
          shownView = key;
          if (!view) { box.hidden = true; box.replaceChildren(); return; }
          const previous = {};
          for (const input of box.querySelectorAll("[data-block]")) previous[input.dataset.block] = input.value;
          const form = el("form", {}, el("h3", {}, view.title));
          for (const block of view.blocks) {
            if (block.type !== "input") { form.append(renderBlocks([block], {})); continue; }
            const element = block.element || {};
            let input;
            if (element.type === "static_select") {
              input = el("select", {}, el("option", { value: "" }, "Choose…"),
                ...(element.options || []).map(o => el("option", { value: o.value }, textOf(o.text) + (o.description ? " — " + textOf(o.description) : ""))));
            } else if (element.multiline) {
              input = el("textarea", {});
              input.value = element.initial_value || "";
            } else {
              input = el("input", { type: "text" });
              input.value = element.initial_value || "";
            }
            if (element.max_length) input.setAttribute("maxlength", element.max_length);
            input.dataset.block = block.block_id;
            if (previous[block.block_id] !== undefined) input.value = previous[block.block_id];
            form.append(el("label", {}, textOf(block.label), block.optional ? el("span", { class: "badge" }, "optional") : null), input);
            if (view.errors[block.block_id]) form.append(el("div", { class: "fielderror" }, view.errors[block.block_id]));
          }
          // Closing sends nothing: Tocsin's modals do not ask for view_closed (notify_on_close is false).
          form.append(el("div", { class: "buttons" },
            el("button", { type: "button", onclick: () => { dismissedViews.add(view.id); renderModal(); } }, "Cancel"),
            el("button", { type: "submit", class: "primary" }, view.submit)));
          form.addEventListener("submit", async event => {
            event.preventDefault();
            const values = {};
            for (const input of form.querySelectorAll("[data-block]")) values[input.dataset.block] = input.value;
            const answer = await post("/sandbox/view", { user: me, view_id: view.id, values });
            showResult(answer.closed ? "Submitted." : (answer.error || "The form has errors."), !answer.closed);
            refresh();
          });
          box.replaceChildren(form);
          box.hidden = false;
        }

        function render() {
          document.getElementById("team").textContent = state.team;
          fillSelect(document.getElementById("user"), state.users, u => u.name + " (" + u.real_name + ")");
          fillSelect(document.getElementById("channel"), state.channels.filter(c => !c.is_archived), c => "#" + c.name);
          document.getElementById("channels").replaceChildren(...state.channels.map(renderChannel));
          document.querySelector("#calls summary").textContent = "Web API calls (latest " + state.calls.length + ")";
          document.getElementById("calllist").replaceChildren(...state.calls.map(call =>
            el("tr", { class: call.error || call.status !== 200 ? "failed" : "" },
              el("td", {}, clock(call.time)), el("td", {}, call.method), el("td", {}, call.status),
              el("td", {}, call.error || ""), el("td", {}, call.summary))));
          renderModal();
        }

        async function refresh() {
          try {
            const response = await fetch("/sandbox/state", { cache: "no-store" });
            state = await response.json();
            render();
          } catch (error) {
            showResult("Cannot reach the sandbox: " + error, true);
          }
        }

        async function clickButton(ctx, blockIndex, actionId) {
          const answer = await post("/sandbox/action", { user: document.getElementById("user").value, channel: ctx.channel,
            message_ts: ctx.ts, block_index: blockIndex, action_id: actionId, ephemeral: ctx.ephemeral });
          showResult(answer.ok ? "Clicked " + actionId + "." : answer.error + (answer.detail ? "\n" + answer.detail : ""), !answer.ok);
          refresh();
        }

        // Edits and deletions by the author, as Slack's client allows; the bot hears message_changed / message_deleted.
        async function changeMessage(kind, channel, message) {
          const body = { user: document.getElementById("user").value, channel: channel.id, ts: message.ts };
          if (kind === "edit") {
            const text = window.prompt("Edit your message", message.text);
            if (text === null) return;
            body.text = text;
          } else if (!window.confirm("Delete this message?")) return;
          const answer = await post("/sandbox/" + kind, body);
          showResult(answer.ok ? (kind === "edit" ? "Edited." : "Deleted.") : answer.error, !answer.ok);
          refresh();
        }

        document.getElementById("asgrafana").addEventListener("click", async () => {
          const answer = await post("/sandbox/integration", { name: "Grafana", channel: document.getElementById("channel").value,
            text: document.getElementById("text").value });
          showResult(answer.ok ? "Posted as Grafana." : answer.error, !answer.ok);
          refresh();
        });
        document.getElementById("shortcut").addEventListener("click", () => shortcut({ callback_id: GLOBAL_SHORTCUT }));
        document.getElementById("user").addEventListener("change", () => { if (state) render(); });
        document.getElementById("console").addEventListener("submit", async event => {
          event.preventDefault();
          const channel = document.getElementById("channel").value;
          const body = { user: document.getElementById("user").value, channel, text: document.getElementById("text").value };
          if (replyTo && replyTo.channel === channel) body.thread_ts = replyTo.ts;
          const answer = await post("/sandbox/command", body);
          if (!answer.ok) showResult(answer.error + (answer.detail ? "\n" + answer.detail : ""), true);
          else if (answer.kind === "message") { showResult("Posted."); document.getElementById("text").value = ""; }
          else showResult(answer.reply ? "tocsin (" + answer.response_type + "): " + answer.reply : "The bot acknowledged the command.");
          refresh();
        });
        refresh();
        setInterval(refresh, 2000);
        </script>
        </body>
        </html>
        """#
}

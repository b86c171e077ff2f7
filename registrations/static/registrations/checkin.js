/*
 * Check-in page (registrations/checkin/page.html).
 *
 * Without this script the page works through its forms. With it: the result appears without a
 * reload, the device camera scans QR codes (the browser's BarcodeDetector, else the vendored
 * jsQR, loaded on first use), the counts update, and tickets are checked offline: the page keeps
 * the edition's offline package (public key, refused and checked-in ids) in localStorage,
 * verifies the Ed25519 signature with WebCrypto, queues the scans and sends them to the server
 * when the connection is back. The server applies them in scan order; the first check-in wins.
 */
(function () {
  "use strict";

  var root = document.getElementById("checkin");
  if (!root) {
    return;
  }
  var edition = parseInt(root.dataset.edition, 10);
  var room = root.dataset.room ? parseInt(root.dataset.room, 10) : null;
  var placeKey = room === null ? "entrance" : String(room);
  var storePrefix = "checkin:" + edition + ":";
  var resultBox = document.getElementById("checkin-result");
  var labels = resultBox.dataset;
  var codeForm = document.getElementById("checkin-code-form");
  var codeInput = document.getElementById("checkin-code");
  var offlineStatus = document.getElementById("checkin-offline-status");
  var offlineList = document.getElementById("checkin-offline-list");
  var syncButton = document.getElementById("checkin-sync");
  var syncResult = document.getElementById("checkin-sync-result");
  var deviceName = "Einlass-Seite " + (navigator.platform || "");

  // Storage ---------------------------------------------------------------------------------

  function load(name, fallback) {
    try {
      var value = window.localStorage.getItem(storePrefix + name);
      return value ? JSON.parse(value) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      window.localStorage.setItem(storePrefix + name, JSON.stringify(value));
    } catch (error) {
      /* storage full or disabled: the offline mode then keeps the scans in memory only */
    }
  }

  var offlinePackage = load("package", null);
  var queue = load("queue", []);

  function csrfToken() {
    var field = codeForm.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function request(url, body) {
    var options = {
      method: body ? "POST" : "GET",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    };
    if (body) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrfToken();
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().then(function (data) {
        data.httpStatus = response.status;
        return data;
      });
    });
  }

  // Result ----------------------------------------------------------------------------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function showResult(result, offline) {
    var box = element("div", "checkin-result");
    box.dataset.code = result.code || "";
    var state;
    if (result.ok && offline) {
      box.classList.add("checkin-result--offline");
      state = labels.labelOffline;
    } else if (result.ok) {
      box.classList.add("checkin-result--ok");
      state = labels.labelOk;
    } else {
      box.classList.add("checkin-result--refused");
      state = labels.labelRefused;
    }
    box.appendChild(element("p", "checkin-result__state", state));
    box.appendChild(element("p", "checkin-result__message", result.message));
    if (result.warning) {
      box.appendChild(element("p", "checkin-result__warning", result.warning));
    }
    if (offline && result.ok) {
      box.appendChild(element("p", null, labels.labelOfflineNote));
    }
    if (result.name) {
      var facts = element("dl", "checkin-result__facts");
      [
        [labels.labelName, result.name],
        [labels.labelCategory, result.category],
        [labels.labelAttendance, result.attendance_label],
      ].forEach(function (pair) {
        if (pair[1]) {
          var row = element("div");
          row.appendChild(element("dt", null, pair[0]));
          row.appendChild(element("dd", null, pair[1]));
          facts.appendChild(row);
        }
      });
      box.appendChild(facts);
    }
    resultBox.replaceChildren(box);
  }

  function showChecking() {
    resultBox.replaceChildren(element("p", "checkin-result checkin-result--idle", labels.labelChecking));
  }

  // Counts ----------------------------------------------------------------------------------

  function showCounts(counts) {
    var cells = root.querySelectorAll("[data-count-room]");
    cells.forEach(function (cell) {
      var id = cell.dataset.countRoom;
      if (id === "") {
        cell.textContent = counts.entrance;
        return;
      }
      counts.rooms.forEach(function (entry) {
        if (String(entry.id) === id) {
          cell.textContent = entry.count;
        }
      });
    });
  }

  function refreshCounts() {
    return request(root.dataset.statusUrl)
      .then(function (data) {
        if (data.ok) {
          showCounts(data);
        }
      })
      .catch(function () {});
  }

  // Offline check ---------------------------------------------------------------------------

  function base64UrlDecode(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) {
      return null;
    }
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) {
      base64 += "=";
    }
    try {
      var binary = window.atob(base64);
      var bytes = new Uint8Array(binary.length);
      for (var i = 0; i < binary.length; i++) {
        bytes[i] = binary.charCodeAt(i);
      }
      // Only the canonical encoding (as the server): re-encode and compare.
      var again = window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
      return again === text ? bytes : null;
    } catch (error) {
      return null;
    }
  }

  function message(code) {
    var messages = (offlinePackage && offlinePackage.messages) || {};
    return messages[code] || code;
  }

  function refusal(code, name, extra) {
    var result = { ok: false, code: code, message: message(code), name: name || "" };
    return Object.assign(result, extra || {});
  }

  function clock(seconds) {
    var date = new Date(seconds * 1000);
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    return pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function checkedInAt(registrationId) {
    var entries = (offlinePackage.checked_in && offlinePackage.checked_in[placeKey]) || [];
    for (var i = 0; i < entries.length; i++) {
      if (entries[i][0] === registrationId) {
        return entries[i][1];
      }
    }
    for (var j = 0; j < queue.length; j++) {
      if (queue[j].registration === registrationId && queue[j].place === placeKey) {
        return Math.floor(Date.parse(queue[j].scanned_at) / 1000);
      }
    }
    return null;
  }

  function verifyOffline(code) {
    if (!offlinePackage || !window.crypto || !window.crypto.subtle) {
      return Promise.resolve(null);
    }
    var parts = code.split(".");
    if (parts.length !== 3 || parts[0] !== "KT1") {
      return Promise.resolve(refusal("invalid"));
    }
    var body = base64UrlDecode(parts[1]);
    var signature = base64UrlDecode(parts[2]);
    var key = base64UrlDecode(
      offlinePackage.key.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
    );
    if (!body || !signature || !key) {
      return Promise.resolve(refusal("invalid"));
    }
    return window.crypto.subtle
      .importKey("raw", key, { name: "Ed25519" }, false, ["verify"])
      .then(function (publicKey) {
        return window.crypto.subtle.verify({ name: "Ed25519" }, publicKey, signature, body);
      })
      .then(function (valid) {
        if (!valid) {
          return refusal("invalid");
        }
        var data;
        try {
          data = JSON.parse(new TextDecoder().decode(body));
        } catch (error) {
          return refusal("invalid");
        }
        var id = data[0];
        var name = data[3];
        if (data[1] !== offlinePackage.edition) {
          return refusal("other_edition", name);
        }
        var blockedCodes = ["cancelled", "refunded", "not_confirmed"];
        for (var i = 0; i < blockedCodes.length; i++) {
          var blockedIds = offlinePackage.blocked[blockedCodes[i]] || [];
          if (blockedIds.indexOf(id) !== -1) {
            return refusal(blockedCodes[i], name);
          }
        }
        var current = offlinePackage.online.indexOf(id) !== -1 ? "online" : "onsite";
        if (data[2] !== current) {
          return refusal("replaced", name);
        }
        if (current !== "onsite") {
          return refusal("online_only", name);
        }
        var first = checkedInAt(id);
        if (first !== null) {
          return refusal("duplicate", name, {
            message: labels.labelDuplicateTime.replace("{time}", clock(first)),
          });
        }
        var scan = {
          ref: String(Date.now()) + "-" + Math.random().toString(36).slice(2, 8),
          code: code,
          room: room,
          place: placeKey,
          registration: id,
          name: name,
          scanned_at: new Date().toISOString(),
        };
        queue.push(scan);
        save("queue", queue);
        showQueue();
        return {
          ok: true,
          code: "offline",
          message: message("offline"),
          name: name,
          attendance_label: labels.labelOnsite,
        };
      })
      .catch(function () {
        return null; /* WebCrypto without Ed25519: no offline decision possible */
      });
  }

  function showQueue() {
    offlineList.replaceChildren();
    queue.forEach(function (scan) {
      var time = clock(Math.floor(Date.parse(scan.scanned_at) / 1000));
      offlineList.appendChild(element("li", null, time + " " + scan.name));
    });
    syncButton.hidden = queue.length === 0;
    if (queue.length) {
      offlineStatus.textContent = offlineStatus.dataset.pending + " " + queue.length;
    } else if (offlinePackage) {
      offlineStatus.textContent = navigator.onLine
        ? offlineStatus.dataset.ready
        : offlineStatus.dataset.offline;
    }
  }

  function loadPackage() {
    return request(root.dataset.offlineUrl)
      .then(function (data) {
        if (data.ok) {
          offlinePackage = data;
          save("package", data);
          showQueue();
        }
      })
      .catch(function () {});
  }

  var syncing = false;

  function sync() {
    if (!queue.length || syncing) {
      return Promise.resolve();
    }
    syncing = true;
    var batch = queue.slice();
    return request(root.dataset.syncUrl, {
      device: deviceName,
      scans: batch.map(function (scan) {
        return { ref: scan.ref, code: scan.code, room: scan.room, scanned_at: scan.scanned_at };
      }),
    })
      .then(function (data) {
        if (!data.ok) {
          return;
        }
        var done = batch.map(function (scan) {
          return scan.ref;
        });
        queue = load("queue", []).filter(function (scan) {
          return done.indexOf(scan.ref) === -1;
        });
        save("queue", queue);
        showQueue();
        syncResult.textContent =
          offlineStatus.dataset.synced +
          " " +
          data.admitted +
          ", " +
          offlineStatus.dataset.duplicates +
          " " +
          data.duplicates;
        refreshCounts();
        loadPackage();
      })
      .catch(function () {})
      .then(function () {
        syncing = false;
      });
  }

  // Checking a code -------------------------------------------------------------------------

  var busy = false;

  function check(code) {
    code = code.trim();
    if (!code || busy) {
      return Promise.resolve();
    }
    busy = true;
    showChecking();
    var online = navigator.onLine
      ? request(root.dataset.scanUrl, { code: code, room: room, device: deviceName }).then(
          function (data) {
            if (data.httpStatus >= 500) {
              throw new Error("server");
            }
            return data;
          }
        )
      : Promise.reject(new Error("offline"));
    return online
      .then(function (data) {
        showResult(data, false);
        if (data.ok) {
          refreshCounts();
        }
      })
      .catch(function () {
        return verifyOffline(code).then(function (result) {
          showResult(result || refusal("invalid", "", { message: offlineStatus.dataset.offline }), true);
        });
      })
      .then(function () {
        busy = false;
        codeInput.value = "";
      });
  }

  codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    check(codeInput.value).then(function () {
      codeInput.focus();
    });
  });

  // Camera ----------------------------------------------------------------------------------

  var cameraButton = document.getElementById("checkin-camera-toggle");
  var cameraBox = document.getElementById("checkin-camera");
  var video = document.getElementById("checkin-video");
  var cameraStatus = document.getElementById("checkin-camera-status");
  var stream = null;
  var detector = null;
  var canvas = null;
  var lastCode = "";
  var lastCodeAt = 0;

  function loadJsQR() {
    if (window.jsQR) {
      return Promise.resolve(window.jsQR);
    }
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = root.dataset.jsqrUrl;
      script.onload = function () {
        resolve(window.jsQR);
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function decoder() {
    if ("BarcodeDetector" in window) {
      return window.BarcodeDetector.getSupportedFormats()
        .then(function (formats) {
          if (formats.indexOf("qr_code") === -1) {
            throw new Error("no qr");
          }
          detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return function () {
            return detector.detect(video).then(function (codes) {
              return codes.length ? codes[0].rawValue : null;
            });
          };
        })
        .catch(fallback);
    }
    return fallback();
  }

  function fallback() {
    return loadJsQR().then(function (jsQR) {
      canvas = canvas || document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function () {
        var width = video.videoWidth;
        var height = video.videoHeight;
        if (!width || !height) {
          return Promise.resolve(null);
        }
        canvas.width = width;
        canvas.height = height;
        context.drawImage(video, 0, 0, width, height);
        var found = jsQR(context.getImageData(0, 0, width, height).data, width, height, {
          inversionAttempts: "dontInvert",
        });
        return Promise.resolve(found ? found.data : null);
      };
    });
  }

  function scanLoop(read) {
    if (!stream) {
      return;
    }
    read()
      .then(function (code) {
        var now = Date.now();
        // The same code in front of the camera counts once every four seconds.
        if (code && !busy && (code !== lastCode || now - lastCodeAt > 4000)) {
          lastCode = code;
          lastCodeAt = now;
          return check(code);
        }
      })
      .catch(function () {})
      .then(function () {
        window.setTimeout(function () {
          scanLoop(read);
        }, 200);
      });
  }

  function stopCamera() {
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
    }
    stream = null;
    cameraBox.hidden = true;
    cameraButton.textContent = cameraButton.dataset.labelStart;
  }

  function startCamera() {
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        cameraBox.hidden = false;
        cameraButton.textContent = cameraButton.dataset.labelStop;
        cameraStatus.textContent = cameraButton.dataset.scanning;
        return video.play().then(decoder);
      })
      .then(function (read) {
        scanLoop(read);
      })
      .catch(function () {
        stopCamera();
        cameraBox.hidden = false;
        cameraStatus.textContent = cameraButton.dataset.unavailable;
      });
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      if (stream) {
        stopCamera();
      } else {
        startCamera();
      }
    });
  }

  // Start -----------------------------------------------------------------------------------

  syncButton.addEventListener("click", sync);
  window.addEventListener("online", function () {
    showQueue();
    sync();
  });
  window.addEventListener("offline", showQueue);
  window.setInterval(function () {
    if (navigator.onLine) {
      sync();
      refreshCounts();
    }
  }, 15000);
  window.setInterval(function () {
    if (navigator.onLine) {
      loadPackage();
    }
  }, 300000);
  showQueue();
  loadPackage().then(sync);
})();

// Rewrites of the page's offers and of the SFU's answers (pure text).
//
// 1. The mid and rid header extensions are left out. The SFU forwards publishers'
//    packets with their own mid/rid values; a browser that negotiated those extensions
//    binds a new track's SSRC to its own send m-section of the same mid and then refuses
//    the answer that signals it on a receive m-section ("Failed to set up audio demuxing
//    for mid=…"), which ends the session. Without them everything is demuxed by SSRC.
// 2. Simulcast is signalled by SSRC: the camera's primary SSRC and its RTX get extra
//    (layer, RTX) pairs as a=ssrc-group:SIM / FID, lowest layer first, and the answer is
//    marked x-google-flag:conference so that Chrome encodes the layers.
const DROPPED = [
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id'
];

function sections(sdp) {
  const out = [[]];
  for (const line of sdp.split('\r\n')) {
    if (!line) continue;
    if (line.startsWith('m=')) out.push([]);
    out[out.length - 1].push(line);
  }
  return out;
}

function join(parts) {
  return parts.flat().join('\r\n') + '\r\n';
}

function dropExtensions(lines) {
  return lines.filter(l => !(l.startsWith('a=extmap:') && DROPPED.some(uri => l.split(' ')[1] === uri)));
}

/** Random SSRCs for extra simulcast layers: [layer, rtx, layer, rtx, …]. */
export function simulcastSsrcs(layers) {
  const out = [];
  for (let i = 0; i < 2 * (layers - 1); i++) out.push(1 + Math.floor(Math.random() * 0x7ffffffe));
  return out;
}

/** The offer as the page applies and sends it; cameraTrackId names the track to simulcast. */
export function mungeOffer(sdp, cameraTrackId, extra) {
  return join(sections(sdp).map((s, i) => {
    let lines = dropExtensions(s);
    if (i > 0 && cameraTrackId && extra.length && lines.some(l => l.startsWith('a=msid:') && l.endsWith(' ' + cameraTrackId))) {
      lines = addSimulcast(lines, extra);
    }
    return lines;
  }));
}

function addSimulcast(lines, extra) {
  const fid = lines.find(l => l.startsWith('a=ssrc-group:FID '));
  if (!fid) return lines;
  const primary = fid.split(' ')[1];
  const attrs = lines.filter(l => l.startsWith('a=ssrc:' + primary + ' ')).map(l => l.slice(('a=ssrc:' + primary + ' ').length));
  const out = lines.filter(l => !l.startsWith('a=rid:') && !l.startsWith('a=simulcast:') && !l.startsWith('a=ssrc-group:SIM'));
  const sim = ['a=ssrc-group:SIM', primary];
  for (let i = 0; i + 1 < extra.length; i += 2) {
    for (const a of attrs) out.push('a=ssrc:' + extra[i] + ' ' + a);
    for (const a of attrs) out.push('a=ssrc:' + extra[i + 1] + ' ' + a);
    out.push('a=ssrc-group:FID ' + extra[i] + ' ' + extra[i + 1]);
    sim.push(extra[i]);
  }
  out.push(sim.join(' '));
  return out;
}

/** The SFU's answer with the conference flag on the camera's m-section. */
export function mungeAnswer(sdp, cameraMid) {
  return join(sections(sdp).map((s, i) => {
    if (i > 0 && cameraMid != null && s.includes('a=mid:' + cameraMid) && !s.includes('a=x-google-flag:conference')) {
      return [...s, 'a=x-google-flag:conference'];
    }
    return s;
  }));
}

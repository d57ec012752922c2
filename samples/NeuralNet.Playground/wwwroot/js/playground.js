// The page's few JavaScript needs: canvas drawing, the URL, and file downloads. No network access.
window.playground = (() => {
  const surfaces = {}; // per canvas: { extent, points, regression }
  const races = {};    // per canvas: { background, window, colors, minimum, paths }

  function imageOf(width, height, rgba) {
    const image = document.createElement('canvas');
    image.width = width;
    image.height = height;
    image.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
    return image;
  }

  return {
    setQuery(query) {
      history.replaceState(null, '', location.pathname + '?' + query);
    },

    setPoints(id, extent, x, y, value, isTest, low, high) {
      surfaces[id] = { extent, x, y, value, isTest, low, high };
    },

    drawSurface(id, width, height, rgba) {
      const canvas = document.getElementById(id);
      const s = surfaces[id];
      if (!canvas || !s) return;
      const g = canvas.getContext('2d');
      g.imageSmoothingEnabled = true;
      g.drawImage(imageOf(width, height, rgba), 0, 0, canvas.width, canvas.height);
      const toPx = (v, size) => (v + s.extent) / (2 * s.extent) * size;
      for (let i = 0; i < s.x.length; i++) {
        const t = Math.max(0, Math.min(1, (s.value[i] - s.low) / (s.high - s.low)));
        g.beginPath();
        g.arc(toPx(s.x[i], canvas.width), canvas.height - toPx(s.y[i], canvas.height), 3.2, 0, 2 * Math.PI);
        g.fillStyle = t < 0.5 ? `rgba(245,147,34,${1 - t})` : `rgba(8,119,189,${t})`;
        g.fill();
        g.lineWidth = s.isTest[i] ? 1.5 : 1;
        g.strokeStyle = s.isTest[i] ? '#000' : '#fff'; // test points ringed in black, as in the TensorFlow Playground
        g.stroke();
      }
    },

    raceSetup(id, width, height, rgba, window, colors, minimum) {
      races[id] = { background: imageOf(width, height, rgba), window, colors, minimum, paths: colors.map(() => []) };
    },

    raceAppend(id, fresh) {
      const r = races[id];
      const canvas = document.getElementById(id);
      if (!r || !canvas) return;
      fresh.forEach((points, p) => { for (const v of points) r.paths[p].push(v); });
      const g = canvas.getContext('2d');
      const [xMin, xMax, yMin, yMax] = r.window;
      const px = x => (x - xMin) / (xMax - xMin) * canvas.width;
      const py = y => canvas.height - (y - yMin) / (yMax - yMin) * canvas.height;
      g.imageSmoothingEnabled = false;
      g.drawImage(r.background, 0, 0, canvas.width, canvas.height);
      if (r.minimum.length === 2) {
        g.strokeStyle = '#000';
        g.lineWidth = 2;
        g.beginPath();
        g.moveTo(px(r.minimum[0]) - 7, py(r.minimum[1])); g.lineTo(px(r.minimum[0]) + 7, py(r.minimum[1]));
        g.moveTo(px(r.minimum[0]), py(r.minimum[1]) - 7); g.lineTo(px(r.minimum[0]), py(r.minimum[1]) + 7);
        g.stroke();
      }
      // Each path narrower than the one before and drawn over it, so shared stretches stay visible as rims.
      r.paths.forEach((path, p) => {
        if (path.length < 2) return;
        g.strokeStyle = r.colors[p];
        g.lineWidth = 9 - 1.4 * p;
        g.lineJoin = 'round';
        g.beginPath();
        g.moveTo(px(path[0]), py(path[1]));
        for (let k = 2; k < path.length; k += 2) g.lineTo(px(path[k]), py(path[k + 1]));
        g.stroke();
        g.fillStyle = r.colors[p];
        g.beginPath();
        g.arc(px(path[path.length - 2]), py(path[path.length - 1]), 5, 0, 2 * Math.PI);
        g.fill();
      });
    },

    download(name, bytes) {
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
  };
})();

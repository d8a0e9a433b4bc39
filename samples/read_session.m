% Read an isokin session file in MATLAB with h5read / h5readatt / h5info alone
% (no isokin needed). Layout: docs/hdf5-schema.md.
%
%   session = read_session('samples/sessions/hq-screen-P01.h5');
%   t = session.trials(1);  plot(t.angle_deg, t.torque_nm)
%
% Torque is positive in extension (quadriceps), negative in flexion (hamstrings);
% angle is knee flexion in degrees (0 = straight); velocity is negative in extension.
% These are the recorded samples: `isokin analyze FILE --json` gives the analysis.
% Octave 7 lacks h5read; there, `load(file)` does not reach the groups either, so use
% MATLAB (or h5py, see read_session.py).
function session = read_session(file)
  if ~strcmp(h5readatt(file, '/', 'schema'), 'isokin-session')
    error('%s: not an isokin session file', file);
  end
  session.subject_id = h5readatt(file, '/', 'subject_id');
  session.body_mass_kg = h5readatt(file, '/', 'body_mass_kg');
  session.date = h5readatt(file, '/', 'date');
  session.protocol = h5readatt(file, '/', 'protocol');

  info = h5info(file, '/trials');
  session.trials = struct('id', {}, 'side', {}, 'mode', {}, 'velocity_ext_deg_s', {}, ...
                          'time_s', {}, 'torque_nm', {}, 'angle_deg', {}, 'velocity_deg_s', {});
  for k = 1:numel(info.Groups)
    path = info.Groups(k).Name;                 % '/trials/<id>'
    parts = strsplit(path, '/');
    t.id = parts{end};
    t.side = h5readatt(file, path, 'side');
    t.mode = h5readatt(file, path, 'mode');
    t.velocity_ext_deg_s = h5readatt(file, path, 'velocity_ext_deg_s');
    t.time_s = h5read(file, [path '/time']);
    t.torque_nm = h5read(file, [path '/torque']);
    t.angle_deg = h5read(file, [path '/angle']);
    t.velocity_deg_s = h5read(file, [path '/velocity']);
    session.trials(end + 1) = t;
    fprintf('%-28s %-6s %-9s %6g deg/s  %7d samples  max extension torque %.1f N*m\n', ...
            t.id, t.side, t.mode, t.velocity_ext_deg_s, numel(t.time_s), max(t.torque_nm));
  end
end

# gnuplot script written by `bench-relay report`; run from the results directory.
set terminal pngcairo size 900,560 noenhanced font ',11'
set key outside right top
set grid
set logscale x 2
set xlabel 'pairs (P), one message in flight per pair'
set xtics (1, 16, 128, 512)
set xrange [0.8:700]
set style line 1 lw 2 pt 5 ps 1.2
set style line 2 lw 2 pt 6 ps 1.2
set style line 3 lw 2 pt 7 ps 1.2
set style line 4 lw 2 pt 8 ps 1.2
set style line 5 lw 2 pt 9 ps 1.2
set output 'relay-msgs-per-s.png'
set title 'relay-echo throughput (messages/s, both directions; median, range)'
set ylabel 'messages/s'
unset logscale y
plot 'plot-data/relay-signaling-json.dat' using 1:2:3:4 with yerrorlines title 'signaling json' ls 1, \
     'plot-data/relay-signaling-messagepack.dat' using 1:2:3:4 with yerrorlines title 'signaling messagepack' ls 2, \
     'plot-data/relay-baseline-json.dat' using 1:2:3:4 with yerrorlines title 'baseline json' ls 3, \
     'plot-data/relay-baseline-messagepack.dat' using 1:2:3:4 with yerrorlines title 'baseline messagepack' ls 4, \
     'plot-data/relay-peerjs-peerjs.dat' using 1:2:3:4 with yerrorlines title 'peerjs' ls 5

set output 'relay-cpu-us-per-msg.png'
set title 'server CPU per relayed message (utime+stime ÷ messages; median, range)'
set ylabel 'µs per message'
unset logscale y
plot 'plot-data/relay-signaling-json.dat' using 1:5:6:7 with yerrorlines title 'signaling json' ls 1, \
     'plot-data/relay-signaling-messagepack.dat' using 1:5:6:7 with yerrorlines title 'signaling messagepack' ls 2, \
     'plot-data/relay-baseline-json.dat' using 1:5:6:7 with yerrorlines title 'baseline json' ls 3, \
     'plot-data/relay-baseline-messagepack.dat' using 1:5:6:7 with yerrorlines title 'baseline messagepack' ls 4, \
     'plot-data/relay-peerjs-peerjs.dat' using 1:5:6:7 with yerrorlines title 'peerjs' ls 5

set output 'relay-p99-ms.png'
set title 'round-trip p99 (ms; median, range)'
set ylabel 'ms'
set logscale y
plot 'plot-data/relay-signaling-json.dat' using 1:8:9:10 with yerrorlines title 'signaling json' ls 1, \
     'plot-data/relay-signaling-messagepack.dat' using 1:8:9:10 with yerrorlines title 'signaling messagepack' ls 2, \
     'plot-data/relay-baseline-json.dat' using 1:8:9:10 with yerrorlines title 'baseline json' ls 3, \
     'plot-data/relay-baseline-messagepack.dat' using 1:8:9:10 with yerrorlines title 'baseline messagepack' ls 4, \
     'plot-data/relay-peerjs-peerjs.dat' using 1:8:9:10 with yerrorlines title 'peerjs' ls 5

unset logscale
set xtics auto
set xrange [0:11000]
set xlabel 'idle connections (N)'
set output 'idle-kib-per-connection.png'
set title 'server RSS per idle connection (after a forced GC, KiB)'
set ylabel 'KiB per connection'
set yrange [0:*]
plot 'plot-data/idle-signaling.dat' using 1:2 with linespoints title 'signaling' ls 1, \
     'plot-data/idle-baseline.dat' using 1:2 with linespoints title 'baseline' ls 2, \
     'plot-data/idle-peerjs.dat' using 1:2 with linespoints title 'peerjs' ls 3

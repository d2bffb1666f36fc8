;; Music2Vec's skip-gram training loop over one sentence (playlist), with WebAssembly SIMD: word2vec.c's
;; loop exactly as ml/models/sgns.ts writes it in TypeScript, operation for operation, so that both give
;; bit-identical weights for the same seed (the tests check it). Assembled into sgns.wasm by
;; scripts/build-wasm.mjs (the wabt npm package); the .wasm is committed, so nothing is compiled at install.
;;
;; Arithmetic, as the TypeScript mirrors it: rows are float32, `rowStride` floats apart (a multiple of 8;
;; the padding stays zero). A dot product keeps 8 partial sums, two f32x4 accumulators, lane j of the first
;; summing the products k ≡ j (mod 8) and lane j of the second k ≡ j + 4, combined as
;; ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7)), every operation rounded to float32. The gradient
;; g = (label - σ(f)) · alpha is worked out in float64 from the sigmoid table and rounded to float32 once.
;; The random draws are the sfc32 generator of ml/core/random.ts, its state read from and written back to
;; memory, so JavaScript and the kernel draw from one stream.
(module
  (import "env" "memory" (memory 1 65536 shared))

  (func $next (param $rng i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $t i32)
    (local.set $a (i32.load offset=0 (local.get $rng)))
    (local.set $b (i32.load offset=4 (local.get $rng)))
    (local.set $c (i32.load offset=8 (local.get $rng)))
    (local.set $d (i32.load offset=12 (local.get $rng)))
    ;; t = a + b + d; d += 1; a = b ^ (b >>> 9); b = c + (c << 3); c = rotl(c, 21) + t
    (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
    (i32.store offset=12 (local.get $rng) (i32.add (local.get $d) (i32.const 1)))
    (i32.store offset=0 (local.get $rng) (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
    (i32.store offset=4 (local.get $rng) (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
    (i32.store offset=8 (local.get $rng) (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
    (local.get $t))

;; Loads one word of every cache line of a row (rowBytes long at `row`), folding them into `sum`: the
  ;; loads of rows needed a few pairs later, issued early so that their cache misses overlap the current
  ;; pair's arithmetic. (WebAssembly has no prefetch instruction; the folded sum keeps the loads alive.)
  (func $touch (param $row i32) (param $rowBytes i32) (param $sum i32) (result i32)
    (local $offset i32)
    (loop $lines
      (local.set $sum (i32.xor (local.get $sum) (i32.load (i32.add (local.get $row) (local.get $offset)))))
      (local.set $offset (i32.add (local.get $offset) (i32.const 64)))
      (br_if $lines (i32.lt_u (local.get $offset) (local.get $rowBytes))))
    (i32.xor (local.get $sum) (i32.load (i32.sub (i32.add (local.get $row) (local.get $rowBytes)) (i32.const 4)))))

  ;; Trains every (context → centre) pair of one sentence of `length` kept words (vocabulary rows, i32 at
  ;; `kept`): for each centre a reduced window width drawn in 1..window, for each context word one positive
  ;; and `negative` negatives from the unigram table (a negative equal to the centre is skipped).
  ;; Two passes, with the reference's results: the first draws every random number in the reference's order
  ;; and lists the pairs at `pairs` (per pair: input row, target count, up to 1 + negative targets, in
  ;; slots of negative + 3 i32); the second trains them in that order, touching the rows of the pair two
  ;; ahead first. At Melon scale the weights are far larger than the caches: without the touches the loop
  ;; mostly waited on memory (31k effective words/s on one thread against 60k with them; 1 to 6 pairs
  ;; ahead measured within noise of each other).
  (func (export "trainSentence")
    (param $kept i32) (param $length i32) (param $alpha f64)
    (param $syn0 i32) (param $syn1neg i32) (param $rowStride i32)
    (param $table i32) (param $tableMask i32) (param $sigmoid i32)
    (param $window i32) (param $negative i32) (param $neu1e i32) (param $rng i32) (param $pairs i32)
    (local $rowBytes i32) (local $slotBytes i32) (local $pairCount i32) (local $pair i32) (local $slot i32)
    (local $ahead i32) (local $sink i32) (local $count i32)
    (local $position i32) (local $word i32) (local $reduce i32)
    (local $context i32) (local $stop i32) (local $l1 i32) (local $l2 i32) (local $draw i32)
    (local $target i32) (local $label f64) (local $k i32) (local $acc0 v128) (local $acc1 v128)
    (local $sum v128) (local $f f32) (local $ff f64) (local $g v128) (local $out v128)
    (local.set $rowBytes (i32.shl (local.get $rowStride) (i32.const 2)))
    (local.set $slotBytes (i32.shl (i32.add (local.get $negative) (i32.const 3)) (i32.const 2)))

    ;; Pass 1: the pairs, drawing as the reference does.
    (local.set $position (i32.const 0))
    (block $positionsDone
      (loop $positions
        (br_if $positionsDone (i32.ge_s (local.get $position) (local.get $length)))
        (local.set $word (i32.load (i32.add (local.get $kept) (i32.shl (local.get $position) (i32.const 2)))))
        (local.set $reduce (i32.rem_u (call $next (local.get $rng)) (local.get $window)))
        ;; context from max(0, position - window + reduce) to min(length, position + window + 1 - reduce)
        (local.set $context (i32.add (i32.sub (local.get $position) (local.get $window)) (local.get $reduce)))
        (if (i32.lt_s (local.get $context) (i32.const 0)) (then (local.set $context (i32.const 0))))
        (local.set $stop (i32.sub (i32.add (i32.add (local.get $position) (local.get $window)) (i32.const 1)) (local.get $reduce)))
        (if (i32.gt_s (local.get $stop) (local.get $length)) (then (local.set $stop (local.get $length))))
        (block $contextsDone
          (loop $contexts
            (br_if $contextsDone (i32.ge_s (local.get $context) (local.get $stop)))
            (if (i32.ne (local.get $context) (local.get $position))
              (then
                (local.set $slot (i32.add (local.get $pairs) (i32.mul (local.get $pairCount) (local.get $slotBytes))))
                (i32.store (local.get $slot) (i32.load (i32.add (local.get $kept) (i32.shl (local.get $context) (i32.const 2)))))
                (i32.store offset=8 (local.get $slot) (local.get $word))
                (local.set $count (i32.const 1))
                (local.set $draw (i32.const 1))
                (block $drawsDone
                  (loop $draws
                    (br_if $drawsDone (i32.gt_s (local.get $draw) (local.get $negative)))
                    (local.set $target (i32.load (i32.add (local.get $table)
                      (i32.shl (i32.and (call $next (local.get $rng)) (local.get $tableMask)) (i32.const 2)))))
                    (if (i32.ne (local.get $target) (local.get $word))
                      (then
                        (i32.store offset=8 (i32.add (local.get $slot) (i32.shl (local.get $count) (i32.const 2))) (local.get $target))
                        (local.set $count (i32.add (local.get $count) (i32.const 1)))))
                    (local.set $draw (i32.add (local.get $draw) (i32.const 1)))
                    (br $draws)))
                (i32.store offset=4 (local.get $slot) (local.get $count))
                (local.set $pairCount (i32.add (local.get $pairCount) (i32.const 1)))))
            (local.set $context (i32.add (local.get $context) (i32.const 1)))
            (br $contexts)))
        (local.set $position (i32.add (local.get $position) (i32.const 1)))
        (br $positions)))

    ;; Pass 2: train the pairs in order.
    (local.set $pair (i32.const 0))
    (block $pairsDone
      (loop $pairLoop
        (br_if $pairsDone (i32.ge_s (local.get $pair) (local.get $pairCount)))
        ;; touch the rows of the pair two ahead
        (if (i32.lt_s (i32.add (local.get $pair) (i32.const 2)) (local.get $pairCount))
          (then
            (local.set $ahead (i32.add (local.get $pairs) (i32.mul (i32.add (local.get $pair) (i32.const 2)) (local.get $slotBytes))))
            (local.set $sink (call $touch (i32.add (local.get $syn0) (i32.mul (i32.load (local.get $ahead)) (local.get $rowBytes))) (local.get $rowBytes) (local.get $sink)))
            (local.set $draw (i32.const 0))
            (local.set $count (i32.load offset=4 (local.get $ahead)))
            (loop $touchTargets
              (local.set $sink (call $touch
                (i32.add (local.get $syn1neg) (i32.mul (i32.load offset=8 (i32.add (local.get $ahead) (i32.shl (local.get $draw) (i32.const 2)))) (local.get $rowBytes)))
                (local.get $rowBytes) (local.get $sink)))
              (local.set $draw (i32.add (local.get $draw) (i32.const 1)))
              (br_if $touchTargets (i32.lt_s (local.get $draw) (local.get $count))))))
        (local.set $slot (i32.add (local.get $pairs) (i32.mul (local.get $pair) (local.get $slotBytes))))
        (local.set $l1 (i32.add (local.get $syn0) (i32.mul (i32.load (local.get $slot)) (local.get $rowBytes))))
        (local.set $count (i32.load offset=4 (local.get $slot)))
        ;; neu1e = 0
        (local.set $k (i32.const 0))
        (loop $zero
          (v128.store (i32.add (local.get $neu1e) (local.get $k)) (v128.const i32x4 0 0 0 0))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $zero (i32.lt_u (local.get $k) (local.get $rowBytes))))
        (local.set $draw (i32.const 0))
        (loop $targets
          (local.set $target (i32.load offset=8 (i32.add (local.get $slot) (i32.shl (local.get $draw) (i32.const 2)))))
          (local.set $label (select (f64.const 1) (f64.const 0) (i32.eqz (local.get $draw))))
          (local.set $l2 (i32.add (local.get $syn1neg) (i32.mul (local.get $target) (local.get $rowBytes))))
          ;; f = input · output, eight partial sums
          (local.set $acc0 (v128.const i32x4 0 0 0 0))
          (local.set $acc1 (v128.const i32x4 0 0 0 0))
          (local.set $k (i32.const 0))
          (loop $dot
            (local.set $acc0 (f32x4.add (local.get $acc0)
              (f32x4.mul (v128.load (i32.add (local.get $l1) (local.get $k))) (v128.load (i32.add (local.get $l2) (local.get $k))))))
            (local.set $acc1 (f32x4.add (local.get $acc1)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $l1) (local.get $k))) (v128.load offset=16 (i32.add (local.get $l2) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 32)))
            (br_if $dot (i32.lt_u (local.get $k) (local.get $rowBytes))))
          (local.set $sum (f32x4.add (local.get $acc0) (local.get $acc1)))
          (local.set $f (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 1 (local.get $sum)))
            (f32.add (f32x4.extract_lane 2 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum)))))
          ;; g = (label - σ(f)) · alpha, σ from the table, saturated beyond ±6
          (local.set $ff (f64.promote_f32 (local.get $f)))
          (local.set $g (f32x4.splat (f32.demote_f64
            (if (result f64) (f64.ge (local.get $ff) (f64.const 6))
              (then (f64.mul (f64.sub (local.get $label) (f64.const 1)) (local.get $alpha)))
              (else
                (if (result f64) (f64.le (local.get $ff) (f64.const -6))
                  (then (f64.mul (local.get $label) (local.get $alpha)))
                  (else
                    (f64.mul
                      (f64.sub (local.get $label)
                        (f64.load (i32.add (local.get $sigmoid) (i32.shl
                          (i32.trunc_f64_s (f64.mul (f64.add (local.get $ff) (f64.const 6)) (f64.const 83.33333333333333)))
                          (i32.const 3)))))
                      (local.get $alpha)))))))))
          ;; neu1e += g · output; output += g · input
          (local.set $k (i32.const 0))
          (loop $update
            (local.set $out (v128.load (i32.add (local.get $l2) (local.get $k))))
            (v128.store (i32.add (local.get $neu1e) (local.get $k))
              (f32x4.add (v128.load (i32.add (local.get $neu1e) (local.get $k))) (f32x4.mul (local.get $g) (local.get $out))))
            (v128.store (i32.add (local.get $l2) (local.get $k))
              (f32x4.add (local.get $out) (f32x4.mul (local.get $g) (v128.load (i32.add (local.get $l1) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br_if $update (i32.lt_u (local.get $k) (local.get $rowBytes))))
          (local.set $draw (i32.add (local.get $draw) (i32.const 1)))
          (br_if $targets (i32.lt_s (local.get $draw) (local.get $count))))
        ;; input += neu1e
        (local.set $k (i32.const 0))
        (loop $apply
          (v128.store (i32.add (local.get $l1) (local.get $k))
            (f32x4.add (v128.load (i32.add (local.get $l1) (local.get $k))) (v128.load (i32.add (local.get $neu1e) (local.get $k)))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br_if $apply (i32.lt_u (local.get $k) (local.get $rowBytes))))
        (local.set $pair (i32.add (local.get $pair) (i32.const 1)))
        (br $pairLoop)))
    ;; keep the touches: their folded value goes to the word after the random state
    (i32.store offset=16 (local.get $rng) (local.get $sink)))
;; Deterministic multi-thread training's merge of elements [from, to) (a multiple of 4 apart): each element
  ;; of the base weights moves by the sum of the changes the threads' private copies made to it, and every copy
  ;; is reset to the result. `copies` holds `copyCount` i32 addresses. Lane-wise float32, the copies in order:
  ;; merged = ((before + (c0 - before)) + (c1 - before)) + ...; ml/models/music2vecThreads.ts mergeRows is the
  ;; same arithmetic in TypeScript.
  (func (export "mergeRows") (param $base i32) (param $copies i32) (param $copyCount i32) (param $from i32) (param $to i32)
    (local $at i32) (local $end i32) (local $j i32) (local $before v128) (local $merged v128) (local $copy i32)
    (local.set $at (i32.add (local.get $base) (i32.shl (local.get $from) (i32.const 2))))
    (local.set $end (i32.add (local.get $base) (i32.shl (local.get $to) (i32.const 2))))
    (block $done
      (loop $elements
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $before (v128.load (local.get $at)))
        (local.set $merged (local.get $before))
        (local.set $j (i32.const 0))
        (loop $sum
          (local.set $copy (i32.add (i32.load (i32.add (local.get $copies) (i32.shl (local.get $j) (i32.const 2))))
            (i32.sub (local.get $at) (local.get $base))))
          (local.set $merged (f32x4.add (local.get $merged) (f32x4.sub (v128.load (local.get $copy)) (local.get $before))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $sum (i32.lt_u (local.get $j) (local.get $copyCount))))
        (v128.store (local.get $at) (local.get $merged))
        (local.set $j (i32.const 0))
        (loop $reset
          (v128.store (i32.add (i32.load (i32.add (local.get $copies) (i32.shl (local.get $j) (i32.const 2))))
            (i32.sub (local.get $at) (local.get $base))) (local.get $merged))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $reset (i32.lt_u (local.get $j) (local.get $copyCount))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $elements))))
)

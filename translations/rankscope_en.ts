<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en_US">
<context>
    <name>ChoiceLabels</name>
    <message>
        <source>Muon + AdamW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simple</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simple technical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complex technical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simple prose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complex prose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q, K, V, O of a layer as one matrix (reference)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each matrix on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one gain shared by all heads (reference)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one gain per head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polar Express, 5 steps (reference)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>classic quintic Newton-Schulz</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Single column (3.5 in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double column (7 in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slide (10 × 5.6 in)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>%1 (mean of %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean over layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean over heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collapse trajectory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet: launch the run matrix or open an experiment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No probed checkpoints yet: the first arrives at token 0 of each run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Singular-value waterfall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>index i</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>σᵢ / σ₁</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No spectra yet: they are written with each probed checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data complexity: per-layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>|γⱼ|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a probed run with QK-Norm (runs without it have no gamma).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1 (ρ = %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Surgery: held-out loss vs key dimensions pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key dimensions pruned (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held-out test loss (nats/token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No surgery sweep yet: pick a run and checkpoint in the surgery panel and press Sweep (or run rankscope-cli surgery).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training and validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cross-entropy (nats/token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No loss records yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 val</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm |γ| vs how much each key dimension is used (K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No single-dimension ablation for this run yet (rankscope-cli surgery --ablation, or the headless main job on A1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This probe has no pre-gain energies (probed by an older version): re-probe with rankscope-cli probe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2 tokens; Spearman ρ pooled = %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; one γ shared by all heads: the same |γ| order for every head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; cⱼ contains γⱼ², so ρ is high even for unrelated γ: not evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs probed runs of at least two of the cells %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trajectory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waterfall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data complexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gamma vs SVD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Surgery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training loss smoothed: EMA weight %1 (raw curve faint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 train (raw)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers × time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where and when: %1 per layer and checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, mean of %n seed(s)</source>
        <translation>
            <numerusform>%1, mean of %n seed</numerusform>
            <numerusform>%1, mean of %n seeds</numerusform>
        </translation>
    </message>
    <message>
        <source>checkpoint (training tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contrast over training: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a − b (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> 95 % CI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No comparison has finished, probed runs in both of its cells yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contrast over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each run&apos;s mark</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>participation ratio (Σσ)²/Σσ²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>covariance participation ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy effective rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>90%-energy rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>condition number σ₁/σ_min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stable rank ‖A‖²_F/σ₁²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before QK-Norm (X·Wᵀ)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after QK-Norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after RoPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gamma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gamma (smallest |γ|)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVD (smallest singular directions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W_k norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>W_k row norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero the key dimensions with the smallest |QK-Norm gamma|</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project K onto its top singular directions on the evaluation batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero randomly chosen dimensions (5 seeded draws): the control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero the dimensions whose W_k rows have the smallest norm (works without QK-Norm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muon grouping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decay of hidden matrices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muon learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d_model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RMS-normalised, before the gain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>energy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>energy (smallest pre-gain energy share)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zero the dimensions that carry the smallest share of K&apos;s energy before the gain on the evaluation batch: the best axis-aligned choice, to compare gamma with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss increase when γⱼ·x̂ⱼ alone is zeroed (nats; scales with |γⱼ|)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PR (dimensions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>covariance PR (dimensions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy rank (dimensions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>condition number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stable rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>synthetic %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>factor, value: QK-Norm on</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean, 95 % t interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean ± SD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean, min–max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 95 % interval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ± SD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min–max</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVD energy share before the gain, eⱼ = Σᵢσᵢ²vᵢⱼ²/Σσ²</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVD energy share after the gain, cⱼ (contains γⱼ²)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatrixCell</name>
    <message>
        <source>standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simple</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simple prose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complex prose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, standard data (the baseline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no QK-Norm, Muon + AdamW, standard data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm, AdamW only, standard data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no QK-Norm, AdamW only, standard data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, simple data (all genres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, complex data (all genres)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, simple prose (within-genre control of C1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, complex prose (within-genre control of C2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control: as B1 but without weight decay on the hidden matrices (Muon cells have none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>control: as A1 but with QK-Norm&apos;s gain fixed at 1 (RMSNorm without a learnable gain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sensitivity: as B1 at half AdamW&apos;s learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sensitivity: as B1 at twice AdamW&apos;s learning rate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>RankScope: what drives rank collapse of attention keys and queries?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open (or create) DIR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model preset for the run matrix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the matrix and write the figures without a window (default with no display).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on the synthetic language (offline).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language (en, de).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length of the benchmark.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save screenshots of every view of --experiment to DIR and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeds per cell (4: the fewest with which the report&apos;s permutation tests can reach p &lt; 0.05).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs trained at once without a window (default: one per CPU core, one on a GPU).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An experiment folder to open (as --experiment).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Benchmark: event-loop latency while a run trains (with --experiment: that experiment&apos;s runs open too).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::ChartBinding</name>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, n = %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::ClusterJobs</name>
    <message>
        <source>Submit to Slurm</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>These batch scripts will be written into the experiment folder and submitted with sbatch (%n array task(s)).</source>
        <translation>
            <numerusform>These batch scripts will be written into the experiment folder and submitted with sbatch (%n array task).</numerusform>
            <numerusform>These batch scripts will be written into the experiment folder and submitted with sbatch (%n array tasks).</numerusform>
        </translation>
    </message>
    <message>
        <source>Batch scripts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot run scancel: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::ConfigDiffDialog</name>
    <message>
        <source>Configuration: %1 vs %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two configurations are identical.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) differ; every other field is the same.</source>
        <translation>
            <numerusform>%n field differs; every other field is the same.</numerusform>
            <numerusform>%n fields differ; every other field is the same.</numerusform>
        </translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields that differ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::ExportDialog</name>
    <message>
        <source>Export PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> pt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the axis labels and legend on paper; the title is 15 % larger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark background</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPI</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::FigureView</name>
    <message>
        <source>Metric</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spectral metric of the representation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Q/K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queries or keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keys (K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>queries (Q)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the representation is read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One layer, or the mean over layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean over layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One head (KV head for K), or the mean over heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean over heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run this figure shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log x</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the automatic ranges (or right-click the chart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export this figure as a PNG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export this figure as SVG (text stays text)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export exactly the plotted data as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG documents (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How each key dimension&apos;s use is measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The mean over the seeds of the run&apos;s cell instead of the run alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One panel per head (small multiples)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logarithmic x axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logarithmic y axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group by: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exponential moving average of the training loss (0: raw); the raw curve stays faint underneath</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heatmap: %1 layers by %2 checkpoints; hover a cell for its value</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n series; x: %1; y: %2</source>
        <translation>
            <numerusform>%n series; x: %1; y: %2</numerusform>
            <numerusform>%n series; x: %1; y: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the seeds of a cell or group are drawn: their mean with the 95 % t interval (the report&apos;s), ± one SD or min–max, or each seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool runs by any combination of factors (their mean with the band chosen under Seeds); none checked: by cell</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::MainWindow</name>
    <message>
        <source>RankScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter runs (name, cell, status)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Surgery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scrub every checkpoint-dependent view; far right follows the latest checkpoint of each run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint: latest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint: 999.9M tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No experiment open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens trained over the token budget of every run in the experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 stopped: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing data: %1 (%2 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data preparation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1

Use synthetic data in the run-matrix dialog to work offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run matrix…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open experiment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open experiment folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent experiments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export all &amp;figures…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n file(s) to %1</source>
        <translation>
            <numerusform>Wrote %n file to %1</numerusform>
            <numerusform>Wrote %n files to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;uns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open run &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About RankScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About RankScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;RankScope %1&lt;/b&gt;&lt;p&gt;What drives rank collapse of attention keys and queries: QK-Norm, the optimizer or the data?&lt;/p&gt;&lt;p&gt;LibTorch %2 · %3&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open experiment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RankScope — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a run first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cancelling; it stays resumable from its last checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is already queued or training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has not started yet and was not queued from this window; launch it from the run-matrix dialog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No experiment open: File → Run matrix… or Open experiment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s) done</source>
        <translation>
            <numerusform>%1 of %n run done</numerusform>
            <numerusform>%1 of %n runs done</numerusform>
        </translation>
    </message>
    <message>
        <source> · training %1, %2 waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) are training or waiting. Stop them and quit? Stopped runs stay resumable from their last checkpoint.</source>
        <translation>
            <numerusform>%n run is training or waiting. Stop it and quit? A stopped run stays resumable from its last checkpoint.</numerusform>
            <numerusform>%n runs are training or waiting. Stop them and quit? Stopped runs stay resumable from their last checkpoint.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an experiment first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Submitted %n run(s) as Slurm array job %1.</source>
        <translation>
            <numerusform>Submitted %n run as Slurm array job %1.</numerusform>
            <numerusform>Submitted %n runs as Slurm array job %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Submission failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scancel failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Submitting %n run(s) to Slurm…</source>
        <translation>
            <numerusform>Submitting %n run to Slurm…</numerusform>
            <numerusform>Submitting %n runs to Slurm…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: scancel %2; a running task saves a resume point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An export is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting figures: %1 of %2 drawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;mpare configurations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run table &amp;columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select two runs to compare (Ctrl+click the second).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no configuration yet (it has not started).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark figure exports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export figures on a dark background (light suits print)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No translation for &apos;%1&apos; is installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Charts show %n run(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Chart only the &amp;selected runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select runs in the table first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart only the &amp;filtered runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart a&amp;ll runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart &amp;no runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run matrix — add runs to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of this figure&apos;s view (options, runs, legend, zoom):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save the view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RankScope views (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::RunMatrixDialog</name>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Experiment folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>real corpora (prepared into the experiment&apos;s data/ folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>synthetic language (offline, no download)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seeds per cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model and training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d_model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>query heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FFN width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muon lr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW lr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token budget (M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoints at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an experiment folder: the runs are written there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick at least one cell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recorded on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rough: scaled from the reference CPU measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seen in the open experiment&apos;s runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced: departures from the reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muon orthogonalizes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QK-Norm gain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orthogonalization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The defaults reproduce the reference implementation; each alternative is recorded in run.json and named in the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With 4 or more seeds per cell the exact permutation test can reach p &lt; 0.05; with fewer the report&apos;s comparisons stay undetermined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs trained at once. On the CPU they share the cores: each run uses fewer threads while others run beside it or the machine is busy, and more when cores become free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit to Slurm…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cells to train (the study&apos;s optional controls start unticked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), %1 parameters each, %2 tokens in all; estimated %3: training at %4 tokens/s per thread (%5), plus validation on %6 tokens and a probe at each of %7 marks per run</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rsui::RunTableModel</name>
    <message>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>diverged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled (resumable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Val loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key PR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean participation ratio of K after QK-Norm, over layers and heads, at the last probed checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads the run computes with now: runs at once share the cores, and a run uses fewer threads while other programs keep the machine busy (changes are in the run&apos;s train.log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · job %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · damaged files left out: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::SlurmTargetBox</name>
    <message>
        <source>Where to train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slurm cluster (one array task per run)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cluster default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partition default, e.g. 12:00:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. --constraint=a100 --qos=long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit per task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPUs per task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs per task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra sbatch options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slurm: sbatch is not on PATH. Submit from a cluster login node, or from a machine that is a Slurm client and shares the experiment folder with the compute nodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The experiment folder must be on a filesystem every node shares. Tasks are requeued before their time limit and resume where they stopped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::SurgeryPanel</name>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all layers (or e.g. 0,2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the checkpoint into a private copy and compute its SVD bases and gamma order once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a checkpoint to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep 0–90 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every strategy at 0, 10, …, 90 % on the full test set; fills the surgery chart and writes surgery/ckpt-&lt;tokens&gt;-sweep.csv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 % pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2 tokens loaded; bases in %3 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep cancelled after %1 s; partial results in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweep done in %1 s: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a run with at least one checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1 at %2 tokens…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;estimate on %1 test tokens, refining…&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full test set, %1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unpruned loss: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;small&gt;%1 ms&lt;/small&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweeping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling after the current point…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all KV heads (or e.g. 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of key dimensions pruned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the sweep?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already holds a sweep of this checkpoint. Replace it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The panel&apos;s own checkpoint: the scrubber under the charts moves the figures, not the loaded model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sweeping: %1 of %2 points, about %3 s left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>rsui::SurgeryWorker</name>
    <message>
        <source>Open a run and checkpoint first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

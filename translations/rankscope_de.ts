<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en_US">
<context>
    <name>ChoiceLabels</name>
    <message>
        <source>Muon + AdamW</source>
        <translation>Muon + AdamW</translation>
    </message>
    <message>
        <source>AdamW only</source>
        <translation>nur AdamW</translation>
    </message>
    <message>
        <source>standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>simple</source>
        <translation>einfach</translation>
    </message>
    <message>
        <source>complex</source>
        <translation>komplex</translation>
    </message>
    <message>
        <source>simple technical</source>
        <translation>einfach technisch</translation>
    </message>
    <message>
        <source>complex technical</source>
        <translation>komplex technisch</translation>
    </message>
    <message>
        <source>simple prose</source>
        <translation>einfache Prosa</translation>
    </message>
    <message>
        <source>complex prose</source>
        <translation>komplexe Prosa</translation>
    </message>
    <message>
        <source>Q, K, V, O of a layer as one matrix (reference)</source>
        <translation>Q, K, V, O einer Schicht als eine Matrix (Referenz)</translation>
    </message>
    <message>
        <source>each matrix on its own</source>
        <translation>jede Matrix für sich</translation>
    </message>
    <message>
        <source>one gain shared by all heads (reference)</source>
        <translation>eine Verstärkung für alle Köpfe (Referenz)</translation>
    </message>
    <message>
        <source>one gain per head</source>
        <translation>eine Verstärkung je Kopf</translation>
    </message>
    <message>
        <source>Polar Express, 5 steps (reference)</source>
        <translation>Polar Express, 5 Schritte (Referenz)</translation>
    </message>
    <message>
        <source>classic quintic Newton-Schulz</source>
        <translation>klassisches quintisches Newton-Schulz</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation>CUDA</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Single column (3.5 in)</source>
        <translation>Einspaltig (3,5 in)</translation>
    </message>
    <message>
        <source>Double column (7 in)</source>
        <translation>Zweispaltig (7 in)</translation>
    </message>
    <message>
        <source>Slide (10 × 5.6 in)</source>
        <translation>Folie (10 × 5,6 in)</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>%1 (mean of %2)</source>
        <translation>%1 (Mittel aus %2)</translation>
    </message>
    <message>
        <source>mean over layers</source>
        <translation>Mittel über Schichten</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>mean over heads</source>
        <translation>Mittel über Köpfe</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>Kopf %1</translation>
    </message>
    <message>
        <source>Collapse trajectory: %1</source>
        <translation>Kollapsverlauf: %1</translation>
    </message>
    <message>
        <source>No runs yet: launch the run matrix or open an experiment.</source>
        <translation>Noch keine Läufe: Laufmatrix starten oder ein Experiment öffnen.</translation>
    </message>
    <message>
        <source>No probed checkpoints yet: the first arrives at token 0 of each run.</source>
        <translation>Noch keine vermessenen Checkpoints: der erste kommt bei Token 0 jedes Laufs.</translation>
    </message>
    <message>
        <source>Singular-value waterfall</source>
        <translation>Singulärwert-Wasserfall</translation>
    </message>
    <message>
        <source>index i</source>
        <translation>Index i</translation>
    </message>
    <message>
        <source>σᵢ / σ₁</source>
        <translation>σᵢ / σ₁</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 bei %2</translation>
    </message>
    <message>
        <source>No spectra yet: they are written with each probed checkpoint.</source>
        <translation>Noch keine Spektren: sie werden mit jedem vermessenen Checkpoint geschrieben.</translation>
    </message>
    <message>
        <source>Data complexity: per-layer %1</source>
        <translation>Datenkomplexität: %1 je Schicht</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>|γⱼ|</source>
        <translation>|γⱼ|</translation>
    </message>
    <message>
        <source>Needs a probed run with QK-Norm (runs without it have no gamma).</source>
        <translation>Braucht einen vermessenen Lauf mit QK-Norm (Läufe ohne haben kein Gamma).</translation>
    </message>
    <message>
        <source>layer %1 (ρ = %2)</source>
        <translation>Schicht %1 (ρ = %2)</translation>
    </message>
    <message>
        <source>Surgery: held-out loss vs key dimensions pruned</source>
        <translation>Chirurgie: Test-Loss gegen entfernte Key-Dimensionen</translation>
    </message>
    <message>
        <source>key dimensions pruned (%)</source>
        <translation>entfernte Key-Dimensionen (%)</translation>
    </message>
    <message>
        <source>held-out test loss (nats/token)</source>
        <translation>Loss auf zurückgehaltenen Testdaten (Nats/Token)</translation>
    </message>
    <message>
        <source>No surgery sweep yet: pick a run and checkpoint in the surgery panel and press Sweep (or run rankscope-cli surgery).</source>
        <translation>Noch kein Chirurgie-Durchlauf: im Chirurgie-Bereich Lauf und Checkpoint wählen und „Durchlauf“ drücken (oder rankscope-cli surgery ausführen).</translation>
    </message>
    <message>
        <source>%1 at %2 tokens</source>
        <translation>%1 bei %2 Token</translation>
    </message>
    <message>
        <source>Training and validation loss</source>
        <translation>Trainings- und Validierungs-Loss</translation>
    </message>
    <message>
        <source>cross-entropy (nats/token)</source>
        <translation>Kreuzentropie (Nats/Token)</translation>
    </message>
    <message>
        <source>%1 train</source>
        <translation>%1 Training</translation>
    </message>
    <message>
        <source>No loss records yet.</source>
        <translation>Noch keine Loss-Werte.</translation>
    </message>
    <message>
        <source>%1 val</source>
        <translation>%1 Validierung</translation>
    </message>
    <message>
        <source>QK-Norm |γ| vs how much each key dimension is used (K)</source>
        <translation>QK-Norm |γ| gegen die Nutzung jeder Schlüsseldimension (K)</translation>
    </message>
    <message>
        <source>No single-dimension ablation for this run yet (rankscope-cli surgery --ablation, or the headless main job on A1).</source>
        <translation>Für diesen Lauf gibt es noch keine Einzeldimensions-Ablation (rankscope-cli surgery --ablation oder der Hauptjob ohne Anzeige auf A1).</translation>
    </message>
    <message>
        <source>This probe has no pre-gain energies (probed by an older version): re-probe with rankscope-cli probe.</source>
        <translation>Diese Messung enthält keine Energien vor der Verstärkung (von einer älteren Version gemessen): mit rankscope-cli probe neu messen.</translation>
    </message>
    <message>
        <source>%1 at %2 tokens; Spearman ρ pooled = %3</source>
        <translation>%1 bei %2 Tokens; Spearman-ρ gesamt = %3</translation>
    </message>
    <message>
        <source>; one γ shared by all heads: the same |γ| order for every head</source>
        <translation>; ein γ für alle Köpfe: dieselbe |γ|-Reihenfolge in jedem Kopf</translation>
    </message>
    <message>
        <source>; cⱼ contains γⱼ², so ρ is high even for unrelated γ: not evidence</source>
        <translation>; cⱼ enthält γⱼ², daher ist ρ auch für unabhängige γ hoch: kein Beleg</translation>
    </message>
    <message>
        <source>Needs probed runs of at least two of the cells %1.</source>
        <translation>Braucht vermessene Läufe von mindestens zwei der Zellen %1.</translation>
    </message>
    <message>
        <source>Trajectory</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Waterfall</source>
        <translation>Wasserfall</translation>
    </message>
    <message>
        <source>Data complexity</source>
        <translation>Datenkomplexität</translation>
    </message>
    <message>
        <source>Gamma vs SVD</source>
        <translation>Gamma gegen SVD</translation>
    </message>
    <message>
        <source>Surgery</source>
        <translation>Chirurgie</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>training loss smoothed: EMA weight %1 (raw curve faint)</source>
        <translation>Trainingsverlust geglättet: EMA-Gewicht %1 (Rohkurve blass)</translation>
    </message>
    <message>
        <source>%1 train (raw)</source>
        <translation>%1 Training (roh)</translation>
    </message>
    <message>
        <source>Layers × time</source>
        <translation>Schichten × Zeit</translation>
    </message>
    <message>
        <source>Where and when: %1 per layer and checkpoint</source>
        <translation>Wo und wann: %1 je Schicht und Checkpoint</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>S%1</translation>
    </message>
    <message numerus="yes">
        <source>%1, mean of %n seed(s)</source>
        <translation>
            <numerusform>%1, Mittel aus %n Seed</numerusform>
            <numerusform>%1, Mittel aus %n Seeds</numerusform>
        </translation>
    </message>
    <message>
        <source>checkpoint (training tokens)</source>
        <translation>Checkpoint (Trainings-Tokens)</translation>
    </message>
    <message>
        <source>Contrast over training: %1</source>
        <translation>Kontrast über das Training: %1</translation>
    </message>
    <message>
        <source>a − b (%1)</source>
        <translation>a − b (%1)</translation>
    </message>
    <message>
        <source> 95 % CI</source>
        <translation> 95-%-KI</translation>
    </message>
    <message>
        <source>No comparison has finished, probed runs in both of its cells yet.</source>
        <translation>Noch hat kein Vergleich abgeschlossene, vermessene Läufe in beiden Zellen.</translation>
    </message>
    <message>
        <source>no difference</source>
        <translation>kein Unterschied</translation>
    </message>
    <message>
        <source>Contrast over time</source>
        <translation>Kontrast über die Zeit</translation>
    </message>
    <message>
        <source>training tokens</source>
        <translation>Trainings-Tokens</translation>
    </message>
    <message>
        <source>each run&apos;s mark</source>
        <translation>jeweils eigene Marke</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>participation ratio (Σσ)²/Σσ²</source>
        <translation>Partizipationsverhältnis (Σσ)²/Σσ²</translation>
    </message>
    <message>
        <source>covariance participation ratio</source>
        <translation>Kovarianz-Partizipationsverhältnis</translation>
    </message>
    <message>
        <source>entropy effective rank</source>
        <translation>effektiver Rang (Entropie)</translation>
    </message>
    <message>
        <source>90%-energy rank</source>
        <translation>90-%-Energierang</translation>
    </message>
    <message>
        <source>condition number σ₁/σ_min</source>
        <translation>Konditionszahl σ₁/σ_min</translation>
    </message>
    <message>
        <source>stable rank ‖A‖²_F/σ₁²</source>
        <translation>stabiler Rang ‖A‖²_F/σ₁²</translation>
    </message>
    <message>
        <source>before QK-Norm (X·Wᵀ)</source>
        <translation>vor QK-Norm (X·Wᵀ)</translation>
    </message>
    <message>
        <source>after QK-Norm</source>
        <translation>nach QK-Norm</translation>
    </message>
    <message>
        <source>after RoPE</source>
        <translation>nach RoPE</translation>
    </message>
    <message>
        <source>gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <source>gamma (smallest |γ|)</source>
        <translation>Gamma (kleinstes |γ|)</translation>
    </message>
    <message>
        <source>SVD</source>
        <translation>SVD</translation>
    </message>
    <message>
        <source>SVD (smallest singular directions)</source>
        <translation>SVD (kleinste Singulärrichtungen)</translation>
    </message>
    <message>
        <source>random</source>
        <translation>zufällig</translation>
    </message>
    <message>
        <source>W_k norm</source>
        <translation>W_k-Norm</translation>
    </message>
    <message>
        <source>W_k row norm</source>
        <translation>W_k-Zeilennorm</translation>
    </message>
    <message>
        <source>Zero the key dimensions with the smallest |QK-Norm gamma|</source>
        <translation>Die Key-Dimensionen mit dem kleinsten |QK-Norm-Gamma| nullsetzen</translation>
    </message>
    <message>
        <source>Project K onto its top singular directions on the evaluation batch</source>
        <translation>K auf seine führenden Singulärrichtungen auf dem Auswertungsbatch projizieren</translation>
    </message>
    <message>
        <source>Zero randomly chosen dimensions (5 seeded draws): the control</source>
        <translation>Zufällig gewählte Dimensionen nullsetzen (5 geseedete Ziehungen): die Kontrolle</translation>
    </message>
    <message>
        <source>Zero the dimensions whose W_k rows have the smallest norm (works without QK-Norm)</source>
        <translation>Die Dimensionen mit der kleinsten W_k-Zeilennorm nullsetzen (funktioniert ohne QK-Norm)</translation>
    </message>
    <message>
        <source>cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <source>QK-Norm</source>
        <translation>QK-Norm</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <source>data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Muon grouping</source>
        <translation>Muon-Gruppierung</translation>
    </message>
    <message>
        <source>decay of hidden matrices</source>
        <translation>Decay der inneren Matrizen</translation>
    </message>
    <message>
        <source>preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <source>Muon learning rate</source>
        <translation>Muon-Lernrate</translation>
    </message>
    <message>
        <source>AdamW learning rate</source>
        <translation>AdamW-Lernrate</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>Weight Decay</translation>
    </message>
    <message>
        <source>d_model</source>
        <translation>d_model</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>token budget</source>
        <translation>Token-Budget</translation>
    </message>
    <message>
        <source>RMS-normalised, before the gain</source>
        <translation>RMS-normiert, vor dem Gain</translation>
    </message>
    <message>
        <source>energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <source>energy (smallest pre-gain energy share)</source>
        <translation>Energie (kleinster Energieanteil vor der Verstärkung)</translation>
    </message>
    <message>
        <source>Zero the dimensions that carry the smallest share of K&apos;s energy before the gain on the evaluation batch: the best axis-aligned choice, to compare gamma with</source>
        <translation>Die Dimensionen nullen, die auf dem Auswertungs-Batch den kleinsten Anteil an der Energie von K vor der Verstärkung tragen: die beste achsentreue Wahl, mit der Gamma verglichen wird</translation>
    </message>
    <message>
        <source>loss increase when γⱼ·x̂ⱼ alone is zeroed (nats; scales with |γⱼ|)</source>
        <translation>Verlustanstieg, wenn nur γⱼ·x̂ⱼ genullt wird (nats; wächst mit |γⱼ|)</translation>
    </message>
    <message>
        <source>PR (dimensions)</source>
        <translation>PR (Dimensionen)</translation>
    </message>
    <message>
        <source>covariance PR (dimensions)</source>
        <translation>Kovarianz-PR (Dimensionen)</translation>
    </message>
    <message>
        <source>entropy rank (dimensions)</source>
        <translation>Entropie-Rang (Dimensionen)</translation>
    </message>
    <message>
        <source>condition number</source>
        <translation>Konditionszahl</translation>
    </message>
    <message>
        <source>stable rank</source>
        <translation>stabiler Rang</translation>
    </message>
    <message>
        <source>on</source>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>synthetic %1</source>
        <translation>synthetisch, %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>factor, value: QK-Norm on</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>mean, 95 % t interval</source>
        <translation>Mittel, 95-%-t-Intervall</translation>
    </message>
    <message>
        <source>mean ± SD</source>
        <translation>Mittel ± SD</translation>
    </message>
    <message>
        <source>mean, min–max</source>
        <translation>Mittel, Min–Max</translation>
    </message>
    <message>
        <source>each seed</source>
        <translation>jeder Startwert einzeln</translation>
    </message>
    <message>
        <source>%1 95 % interval</source>
        <translation>%1 95-%-Intervall</translation>
    </message>
    <message>
        <source>%1 ± SD</source>
        <translation>%1 ± SD</translation>
    </message>
    <message>
        <source>%1 min–max</source>
        <translation>%1 Min–Max</translation>
    </message>
    <message>
        <source>SVD energy share before the gain, eⱼ = Σᵢσᵢ²vᵢⱼ²/Σσ²</source>
        <translation>SVD-Energieanteil vor dem Gain, eⱼ = Σᵢσᵢ²vᵢⱼ²/Σσ²</translation>
    </message>
    <message>
        <source>SVD energy share after the gain, cⱼ (contains γⱼ²)</source>
        <translation>SVD-Energieanteil nach dem Gain, cⱼ (enthält γⱼ²)</translation>
    </message>
</context>
<context>
    <name>MatrixCell</name>
    <message>
        <source>standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>simple</source>
        <translation>einfach</translation>
    </message>
    <message>
        <source>complex</source>
        <translation>komplex</translation>
    </message>
    <message>
        <source>simple prose</source>
        <translation>einfache Prosa</translation>
    </message>
    <message>
        <source>complex prose</source>
        <translation>komplexe Prosa</translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, standard data (the baseline)</source>
        <translation>QK-Norm, Muon + AdamW, Standarddaten (die Basis)</translation>
    </message>
    <message>
        <source>no QK-Norm, Muon + AdamW, standard data</source>
        <translation>ohne QK-Norm, Muon + AdamW, Standarddaten</translation>
    </message>
    <message>
        <source>QK-Norm, AdamW only, standard data</source>
        <translation>QK-Norm, nur AdamW, Standarddaten</translation>
    </message>
    <message>
        <source>no QK-Norm, AdamW only, standard data</source>
        <translation>ohne QK-Norm, nur AdamW, Standarddaten</translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, simple data (all genres)</source>
        <translation>QK-Norm, Muon + AdamW, einfache Daten (alle Genres)</translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, complex data (all genres)</source>
        <translation>QK-Norm, Muon + AdamW, komplexe Daten (alle Genres)</translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, simple prose (within-genre control of C1)</source>
        <translation>QK-Norm, Muon + AdamW, einfache Prosa (Kontrolle von C1 innerhalb eines Genres)</translation>
    </message>
    <message>
        <source>QK-Norm, Muon + AdamW, complex prose (within-genre control of C2)</source>
        <translation>QK-Norm, Muon + AdamW, komplexe Prosa (Kontrolle von C2 innerhalb eines Genres)</translation>
    </message>
    <message>
        <source>control: as B1 but without weight decay on the hidden matrices (Muon cells have none)</source>
        <translation>Kontrolle: wie B1, aber ohne Weight Decay auf den verborgenen Matrizen (Muon-Zellen haben keinen)</translation>
    </message>
    <message>
        <source>control: as A1 but with QK-Norm&apos;s gain fixed at 1 (RMSNorm without a learnable gain)</source>
        <translation>Kontrolle: wie A1, aber mit auf 1 festgehaltenem QK-Norm-Gain (RMSNorm ohne lernbaren Gain)</translation>
    </message>
    <message>
        <source>sensitivity: as B1 at half AdamW&apos;s learning rate</source>
        <translation>Sensitivität: wie B1 mit halber AdamW-Lernrate</translation>
    </message>
    <message>
        <source>sensitivity: as B1 at twice AdamW&apos;s learning rate</source>
        <translation>Sensitivität: wie B1 mit doppelter AdamW-Lernrate</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>RankScope: what drives rank collapse of attention keys and queries?</source>
        <translation>RankScope: Was treibt den Rangkollaps von Attention-Keys und -Queries?</translation>
    </message>
    <message>
        <source>Open (or create) DIR.</source>
        <translation>DIR öffnen (oder anlegen).</translation>
    </message>
    <message>
        <source>Model preset for the run matrix.</source>
        <translation>Modellvorgabe für die Laufmatrix.</translation>
    </message>
    <message>
        <source>Train the matrix and write the figures without a window (default with no display).</source>
        <translation>Matrix trainieren und Abbildungen ohne Fenster schreiben (Standard ohne Display).</translation>
    </message>
    <message>
        <source>Train on the synthetic language (offline).</source>
        <translation>Auf der synthetischen Sprache trainieren (offline).</translation>
    </message>
    <message>
        <source>Interface language (en, de).</source>
        <translation>Sprache der Oberfläche (en, de).</translation>
    </message>
    <message>
        <source>Length of the benchmark.</source>
        <translation>Dauer des Benchmarks.</translation>
    </message>
    <message>
        <source>Save screenshots of every view of --experiment to DIR and quit.</source>
        <translation>Bildschirmfotos aller Ansichten von --experiment nach DIR speichern und beenden.</translation>
    </message>
    <message>
        <source>Seeds per cell (4: the fewest with which the report&apos;s permutation tests can reach p &lt; 0.05).</source>
        <translation>Seeds pro Zelle (4: die wenigsten, mit denen die Permutationstests des Berichts p &lt; 0,05 erreichen können).</translation>
    </message>
    <message>
        <source>Runs trained at once without a window (default: one per CPU core, one on a GPU).</source>
        <translation>Gleichzeitig trainierte Läufe ohne Fenster (Standard: einer pro CPU-Kern, einer auf einer GPU).</translation>
    </message>
    <message>
        <source>An experiment folder to open (as --experiment).</source>
        <translation>Ein Experimentordner, der geöffnet wird (wie --experiment).</translation>
    </message>
    <message>
        <source>Benchmark: event-loop latency while a run trains (with --experiment: that experiment&apos;s runs open too).</source>
        <translation>Benchmark: Latenz der Ereignisschleife, während ein Lauf trainiert (mit --experiment: die Läufe dieses Experiments zusätzlich geöffnet).</translation>
    </message>
</context>
<context>
    <name>rsui::ChartBinding</name>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>, n = %1</source>
        <translation>, n = %1</translation>
    </message>
</context>
<context>
    <name>rsui::ClusterJobs</name>
    <message>
        <source>Submit to Slurm</source>
        <translation>An Slurm übergeben</translation>
    </message>
    <message numerus="yes">
        <source>These batch scripts will be written into the experiment folder and submitted with sbatch (%n array task(s)).</source>
        <translation>
            <numerusform>Diese Batch-Skripte werden in den Experimentordner geschrieben und mit sbatch übergeben (%n Array-Task).</numerusform>
            <numerusform>Diese Batch-Skripte werden in den Experimentordner geschrieben und mit sbatch übergeben (%n Array-Tasks).</numerusform>
        </translation>
    </message>
    <message>
        <source>Batch scripts</source>
        <translation>Batch-Skripte</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Übergeben</translation>
    </message>
    <message>
        <source>cannot run scancel: %1</source>
        <translation>scancel lässt sich nicht ausführen: %1</translation>
    </message>
</context>
<context>
    <name>rsui::ConfigDiffDialog</name>
    <message>
        <source>Configuration: %1 vs %2</source>
        <translation>Konfiguration: %1 und %2</translation>
    </message>
    <message>
        <source>The two configurations are identical.</source>
        <translation>Die beiden Konfigurationen sind gleich.</translation>
    </message>
    <message numerus="yes">
        <source>%n field(s) differ; every other field is the same.</source>
        <translation>
            <numerusform>%n Feld weicht ab; alle anderen Felder sind gleich.</numerusform>
            <numerusform>%n Felder weichen ab; alle anderen Felder sind gleich.</numerusform>
        </translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Fields that differ</source>
        <translation>Abweichende Felder</translation>
    </message>
</context>
<context>
    <name>rsui::ExportDialog</name>
    <message>
        <source>Export PNG</source>
        <translation>PNG exportieren</translation>
    </message>
    <message>
        <source>Export SVG</source>
        <translation>SVG exportieren</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Eigene</translation>
    </message>
    <message>
        <source> in</source>
        <translation> in</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Size of the axis labels and legend on paper; the title is 15 % larger</source>
        <translation>Größe der Achsenbeschriftungen und der Legende auf Papier; der Titel ist 15 % größer</translation>
    </message>
    <message>
        <source>Dark background</source>
        <translation>Dunkler Hintergrund</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Schriftgröße</translation>
    </message>
    <message>
        <source>DPI</source>
        <translation>DPI</translation>
    </message>
</context>
<context>
    <name>rsui::FigureView</name>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Spectral metric of the representation</source>
        <translation>Spektrale Metrik der Repräsentation</translation>
    </message>
    <message>
        <source>Q/K</source>
        <translation>Q/K</translation>
    </message>
    <message>
        <source>Queries or keys</source>
        <translation>Queries oder Keys</translation>
    </message>
    <message>
        <source>keys (K)</source>
        <translation>Keys (K)</translation>
    </message>
    <message>
        <source>queries (Q)</source>
        <translation>Queries (Q)</translation>
    </message>
    <message>
        <source>Tap</source>
        <translation>Abgriff</translation>
    </message>
    <message>
        <source>Where the representation is read</source>
        <translation>Wo die Repräsentation abgegriffen wird</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>One layer, or the mean over layers</source>
        <translation>Eine Schicht oder das Mittel über alle</translation>
    </message>
    <message>
        <source>mean over layers</source>
        <translation>Mittel über Schichten</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <source>One head (KV head for K), or the mean over heads</source>
        <translation>Ein Kopf (KV-Kopf für K) oder das Mittel über alle</translation>
    </message>
    <message>
        <source>mean over heads</source>
        <translation>Mittel über Köpfe</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>The run this figure shows</source>
        <translation>Der Lauf, den diese Abbildung zeigt</translation>
    </message>
    <message>
        <source>first available</source>
        <translation>erster verfügbarer</translation>
    </message>
    <message>
        <source>log x</source>
        <translation>log x</translation>
    </message>
    <message>
        <source>log y</source>
        <translation>log y</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Back to the automatic ranges (or right-click the chart)</source>
        <translation>Zurück zu den automatischen Bereichen (oder Rechtsklick ins Diagramm)</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Export this figure as a PNG image</source>
        <translation>Diese Abbildung als PNG-Bild exportieren</translation>
    </message>
    <message>
        <source>SVG…</source>
        <translation>SVG…</translation>
    </message>
    <message>
        <source>Export this figure as SVG (text stays text)</source>
        <translation>Diese Abbildung als SVG exportieren (Text bleibt Text)</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Export exactly the plotted data as CSV</source>
        <translation>Genau die gezeichneten Daten als CSV exportieren</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>Kopf %1</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>PNG exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Export SVG</source>
        <translation>SVG exportieren</translation>
    </message>
    <message>
        <source>SVG documents (*.svg)</source>
        <translation>SVG-Dokumente (*.svg)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <source>How each key dimension&apos;s use is measured</source>
        <translation>Wie die Nutzung jeder Schlüsseldimension gemessen wird</translation>
    </message>
    <message>
        <source>seed mean</source>
        <translation>Seed-Mittel</translation>
    </message>
    <message>
        <source>The mean over the seeds of the run&apos;s cell instead of the run alone</source>
        <translation>Das Mittel über die Seeds der Zelle des Laufs statt des Laufs allein</translation>
    </message>
    <message>
        <source>per head</source>
        <translation>je Kopf</translation>
    </message>
    <message>
        <source>One panel per head (small multiples)</source>
        <translation>Ein Feld je Kopf (Small Multiples)</translation>
    </message>
    <message>
        <source>Logarithmic x axis</source>
        <translation>Logarithmische x-Achse</translation>
    </message>
    <message>
        <source>Logarithmic y axis</source>
        <translation>Logarithmische y-Achse</translation>
    </message>
    <message>
        <source>Group: %1</source>
        <translation>Gruppe: %1</translation>
    </message>
    <message>
        <source>Group by: %1</source>
        <translation>Gruppieren nach: %1</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Glättung</translation>
    </message>
    <message>
        <source>Exponential moving average of the training loss (0: raw); the raw curve stays faint underneath</source>
        <translation>Exponentiell gleitender Mittelwert des Trainingsverlusts (0: roh); die Rohkurve bleibt blass darunter</translation>
    </message>
    <message>
        <source>Heatmap: %1 layers by %2 checkpoints; hover a cell for its value</source>
        <translation>Heatmap: %1 Schichten mal %2 Checkpoints; den Zeiger über eine Zelle halten zeigt ihren Wert</translation>
    </message>
    <message numerus="yes">
        <source>%n series; x: %1; y: %2</source>
        <translation>
            <numerusform>%n Reihe; x: %1; y: %2</numerusform>
            <numerusform>%n Reihen; x: %1; y: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>Startwerte</translation>
    </message>
    <message>
        <source>How the seeds of a cell or group are drawn: their mean with the 95 % t interval (the report&apos;s), ± one SD or min–max, or each seed</source>
        <translation>Wie die Startwerte einer Zelle oder Gruppe gezeichnet werden: ihr Mittel mit dem 95-%-t-Intervall (dem des Berichts), ± einer SD oder Min–Max, oder jeder einzeln</translation>
    </message>
    <message>
        <source>Pool runs by any combination of factors (their mean with the band chosen under Seeds); none checked: by cell</source>
        <translation>Läufe nach beliebigen Faktoren zusammenfassen (ihr Mittel mit dem unter Startwerte gewählten Band); nichts gewählt: nach Zelle</translation>
    </message>
</context>
<context>
    <name>rsui::MainWindow</name>
    <message>
        <source>RankScope</source>
        <translation>RankScope</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Filter runs (name, cell, status)…</source>
        <translation>Läufe filtern (Name, Zelle, Status)…</translation>
    </message>
    <message>
        <source>Surgery</source>
        <translation>Chirurgie</translation>
    </message>
    <message>
        <source>Scrub every checkpoint-dependent view; far right follows the latest checkpoint of each run</source>
        <translation>Alle checkpointabhängigen Ansichten durchfahren; ganz rechts folgt dem neuesten Checkpoint jedes Laufs</translation>
    </message>
    <message>
        <source>checkpoint: latest</source>
        <translation>Checkpoint: neuester</translation>
    </message>
    <message>
        <source>checkpoint: 999.9M tokens</source>
        <translation>Checkpoint: 999.9M Token</translation>
    </message>
    <message>
        <source>Checkpoint</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>No experiment open.</source>
        <translation>Kein Experiment geöffnet.</translation>
    </message>
    <message>
        <source>Tokens trained over the token budget of every run in the experiment</source>
        <translation>Trainierte Token im Verhältnis zum Token-Budget aller Läufe des Experiments</translation>
    </message>
    <message>
        <source>%1 stopped: %2</source>
        <translation>%1 angehalten: %2</translation>
    </message>
    <message>
        <source>Preparing data: %1 (%2 %)</source>
        <translation>Daten werden vorbereitet: %1 (%2 %)</translation>
    </message>
    <message>
        <source>Data preparation failed</source>
        <translation>Datenvorbereitung fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1

Use synthetic data in the run-matrix dialog to work offline.</source>
        <translation>%1

Mit synthetischen Daten im Laufmatrix-Dialog lässt sich offline arbeiten.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Run matrix…</source>
        <translation>&amp;Laufmatrix…</translation>
    </message>
    <message>
        <source>&amp;Open experiment…</source>
        <translation>Experiment ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open experiment folder</source>
        <translation>Experimentordner öffnen</translation>
    </message>
    <message>
        <source>Recent experiments</source>
        <translation>Zuletzt geöffnete Experimente</translation>
    </message>
    <message>
        <source>Export all &amp;figures…</source>
        <translation>Alle &amp;Abbildungen exportieren…</translation>
    </message>
    <message>
        <source>Folder for the figures</source>
        <translation>Ordner für die Abbildungen</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n file(s) to %1</source>
        <translation>
            <numerusform>%n Datei nach %1 geschrieben</numerusform>
            <numerusform>%n Dateien nach %1 geschrieben</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>R&amp;uns</source>
        <translation>L&amp;äufe</translation>
    </message>
    <message>
        <source>&amp;Cancel run</source>
        <translation>Lauf a&amp;bbrechen</translation>
    </message>
    <message>
        <source>&amp;Resume run</source>
        <translation>Lauf &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Open run &amp;folder</source>
        <translation>Lauf&amp;ordner öffnen</translation>
    </message>
    <message>
        <source>Cancel &amp;all</source>
        <translation>&amp;Alle abbrechen</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About RankScope</source>
        <translation>&amp;Über RankScope</translation>
    </message>
    <message>
        <source>About RankScope</source>
        <translation>Über RankScope</translation>
    </message>
    <message>
        <source>&lt;b&gt;RankScope %1&lt;/b&gt;&lt;p&gt;What drives rank collapse of attention keys and queries: QK-Norm, the optimizer or the data?&lt;/p&gt;&lt;p&gt;LibTorch %2 · %3&lt;/p&gt;</source>
        <translation>&lt;b&gt;RankScope %1&lt;/b&gt;&lt;p&gt;Was treibt den Rangkollaps von Attention-Keys und -Queries: QK-Norm, der Optimierer oder die Daten?&lt;/p&gt;&lt;p&gt;LibTorch %2 · %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Cannot open experiment</source>
        <translation>Experiment kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>RankScope — %1</source>
        <translation>RankScope — %1</translation>
    </message>
    <message>
        <source>Run matrix</source>
        <translation>Laufmatrix</translation>
    </message>
    <message>
        <source>Cannot launch</source>
        <translation>Start nicht möglich</translation>
    </message>
    <message>
        <source>Select a run first.</source>
        <translation>Bitte zuerst einen Lauf auswählen.</translation>
    </message>
    <message>
        <source>%1: cancelling; it stays resumable from its last checkpoint.</source>
        <translation>%1: wird abgebrochen; er bleibt ab seinem letzten Checkpoint fortsetzbar.</translation>
    </message>
    <message>
        <source>%1 is already queued or training.</source>
        <translation>%1 wartet bereits oder trainiert.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>%1 has not started yet and was not queued from this window; launch it from the run-matrix dialog.</source>
        <translation>%1 hat noch nicht begonnen und wurde nicht aus diesem Fenster eingereiht; bitte über den Laufmatrix-Dialog starten.</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Token</translation>
    </message>
    <message>
        <source>latest</source>
        <translation>neuester</translation>
    </message>
    <message>
        <source>No experiment open: File → Run matrix… or Open experiment…</source>
        <translation>Kein Experiment geöffnet: Datei → Laufmatrix… oder Experiment öffnen…</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s) done</source>
        <translation>
            <numerusform>%1 von %n Lauf fertig</numerusform>
            <numerusform>%1 von %n Läufen fertig</numerusform>
        </translation>
    </message>
    <message>
        <source> · training %1, %2 waiting</source>
        <translation> · %1 trainieren, %2 warten</translation>
    </message>
    <message>
        <source>Runs in progress</source>
        <translation>Laufende Läufe</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) are training or waiting. Stop them and quit? Stopped runs stay resumable from their last checkpoint.</source>
        <translation>
            <numerusform>%n Lauf trainiert oder wartet. Anhalten und beenden? Angehaltene Läufe bleiben ab ihrem letzten Checkpoint fortsetzbar.</numerusform>
            <numerusform>%n Läufe trainieren oder warten. Anhalten und beenden? Angehaltene Läufe bleiben ab ihrem letzten Checkpoint fortsetzbar.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Report…</source>
        <translation>&amp;Bericht…</translation>
    </message>
    <message>
        <source>Open an experiment first.</source>
        <translation>Bitte zuerst ein Experiment öffnen.</translation>
    </message>
    <message>
        <source>Folder for the report</source>
        <translation>Ordner für den Bericht</translation>
    </message>
    <message>
        <source>Report failed</source>
        <translation>Bericht fehlgeschlagen</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>Bericht nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>%1 kann nicht ausgeführt werden: %2</translation>
    </message>
    <message>
        <source>Writing the report…</source>
        <translation>Bericht wird geschrieben…</translation>
    </message>
    <message numerus="yes">
        <source>Submitted %n run(s) as Slurm array job %1.</source>
        <translation>
            <numerusform>%n Lauf als Slurm-Array-Job %1 übergeben.</numerusform>
            <numerusform>%n Läufe als Slurm-Array-Job %1 übergeben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Submission failed</source>
        <translation>Übergabe fehlgeschlagen</translation>
    </message>
    <message>
        <source>scancel failed</source>
        <translation>scancel fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cannot submit</source>
        <translation>Übergabe nicht möglich</translation>
    </message>
    <message numerus="yes">
        <source>Submitting %n run(s) to Slurm…</source>
        <translation>
            <numerusform>%n Lauf wird an Slurm übergeben…</numerusform>
            <numerusform>%n Läufe werden an Slurm übergeben…</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: scancel %2; a running task saves a resume point.</source>
        <translation>%1: scancel %2; ein laufender Task speichert einen Fortsetzungspunkt.</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>%1 finished</source>
        <translation>%1 ist fertig</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>An export is still running.</source>
        <translation>Ein Export läuft noch.</translation>
    </message>
    <message>
        <source>Exporting figures: %1 of %2 drawn</source>
        <translation>Abbildungen werden exportiert: %1 von %2 gezeichnet</translation>
    </message>
    <message>
        <source>Filter runs</source>
        <translation>Läufe filtern</translation>
    </message>
    <message>
        <source>Co&amp;mpare configurations</source>
        <translation>Konfigurationen &amp;vergleichen</translation>
    </message>
    <message>
        <source>Run table &amp;columns</source>
        <translation>&amp;Spalten der Lauftabelle</translation>
    </message>
    <message>
        <source>Select two runs to compare (Ctrl+click the second).</source>
        <translation>Zwei Läufe zum Vergleich auswählen (den zweiten mit Strg+Klick).</translation>
    </message>
    <message>
        <source>%1 has no configuration yet (it has not started).</source>
        <translation>%1 hat noch keine Konfiguration (noch nicht gestartet).</translation>
    </message>
    <message>
        <source>%1 at %2 tokens</source>
        <translation>%1 bei %2 Token</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Erscheinungsbild</translation>
    </message>
    <message>
        <source>&amp;Dark figure exports</source>
        <translation>&amp;Dunkle Abbildungsexporte</translation>
    </message>
    <message>
        <source>Export figures on a dark background (light suits print)</source>
        <translation>Abbildungen auf dunklem Hintergrund exportieren (hell eignet sich für den Druck)</translation>
    </message>
    <message>
        <source>As the desktop</source>
        <translation>Wie der Desktop</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>No translation for &apos;%1&apos; is installed.</source>
        <translation>Für &apos;%1&apos; ist keine Übersetzung installiert.</translation>
    </message>
    <message numerus="yes">
        <source>Charts show %n run(s).</source>
        <translation>
            <numerusform>Die Diagramme zeigen %n Lauf.</numerusform>
            <numerusform>Die Diagramme zeigen %n Läufe.</numerusform>
        </translation>
    </message>
    <message>
        <source>Chart only the &amp;selected runs</source>
        <translation>Nur die &amp;ausgewählten Läufe zeichnen</translation>
    </message>
    <message>
        <source>Select runs in the table first.</source>
        <translation>Zuerst Läufe in der Tabelle auswählen.</translation>
    </message>
    <message>
        <source>Chart only the &amp;filtered runs</source>
        <translation>Nur die ge&amp;filterten Läufe zeichnen</translation>
    </message>
    <message>
        <source>Chart a&amp;ll runs</source>
        <translation>&amp;Alle Läufe zeichnen</translation>
    </message>
    <message>
        <source>Chart &amp;no runs</source>
        <translation>&amp;Keine Läufe zeichnen</translation>
    </message>
    <message>
        <source>Run matrix — add runs to %1</source>
        <translation>Laufmatrix — Läufe zu %1 hinzufügen</translation>
    </message>
    <message>
        <source>View saved to %1</source>
        <translation>Ansicht gespeichert unter %1</translation>
    </message>
    <message>
        <source>Cannot open the view</source>
        <translation>Ansicht kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>&amp;Save view…</source>
        <translation>Ansicht &amp;speichern…</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>Ansicht speichern</translation>
    </message>
    <message>
        <source>Name of this figure&apos;s view (options, runs, legend, zoom):</source>
        <translation>Name der Ansicht dieser Abbildung (Optionen, Läufe, Legende, Zoom):</translation>
    </message>
    <message>
        <source>Cannot save the view</source>
        <translation>Ansicht kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>&amp;Open view…</source>
        <translation>Ansicht ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open view</source>
        <translation>Ansicht öffnen</translation>
    </message>
    <message>
        <source>RankScope views (*.json)</source>
        <translation>RankScope-Ansichten (*.json)</translation>
    </message>
</context>
<context>
    <name>rsui::RunMatrixDialog</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>Run matrix</source>
        <translation>Laufmatrix</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Experiment folder</source>
        <translation>Experimentordner</translation>
    </message>
    <message>
        <source>Model preset</source>
        <translation>Modellvorgabe</translation>
    </message>
    <message>
        <source>real corpora (prepared into the experiment&apos;s data/ folder)</source>
        <translation>echte Korpora (vorbereitet im Ordner data/ des Experiments)</translation>
    </message>
    <message>
        <source>synthetic language (offline, no download)</source>
        <translation>synthetische Sprache (offline, ohne Download)</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Trainingsdaten</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <source>QK-Norm</source>
        <translation>QK-Norm</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Seeds per cell</source>
        <translation>Seeds pro Zelle</translation>
    </message>
    <message>
        <source>first seed</source>
        <translation>erster Seed</translation>
    </message>
    <message>
        <source>Model and training</source>
        <translation>Modell und Training</translation>
    </message>
    <message>
        <source>d_model</source>
        <translation>d_model</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>query heads</source>
        <translation>Query-Köpfe</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV-Köpfe</translation>
    </message>
    <message>
        <source>FFN width</source>
        <translation>FFN-Breite</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <source>Muon lr</source>
        <translation>Muon-Lernrate</translation>
    </message>
    <message>
        <source>AdamW lr</source>
        <translation>AdamW-Lernrate</translation>
    </message>
    <message>
        <source>token budget (M)</source>
        <translation>Token-Budget (M)</translation>
    </message>
    <message>
        <source>checkpoints at</source>
        <translation>Checkpoints bei</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Runs at once</source>
        <translation>Gleichzeitige Läufe</translation>
    </message>
    <message>
        <source>Launch</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Choose an experiment folder: the runs are written there.</source>
        <translation>Bitte einen Experimentordner wählen: dort werden die Läufe geschrieben.</translation>
    </message>
    <message>
        <source>Tick at least one cell.</source>
        <translation>Mindestens eine Zelle ankreuzen.</translation>
    </message>
    <message>
        <source>No runs.</source>
        <translation>Keine Läufe.</translation>
    </message>
    <message>
        <source>recorded on this machine</source>
        <translation>auf diesem Rechner gemessen</translation>
    </message>
    <message>
        <source>rough: scaled from the reference CPU measurement</source>
        <translation>grob: aus der Referenzmessung auf der CPU skaliert</translation>
    </message>
    <message>
        <source>seen in the open experiment&apos;s runs</source>
        <translation>aus den Läufen des offenen Experiments</translation>
    </message>
    <message>
        <source>What it is</source>
        <translation>Was sie ist</translation>
    </message>
    <message>
        <source>Advanced: departures from the reference</source>
        <translation>Erweitert: Abweichungen von der Referenz</translation>
    </message>
    <message>
        <source>Muon orthogonalizes</source>
        <translation>Muon orthogonalisiert</translation>
    </message>
    <message>
        <source>QK-Norm gain</source>
        <translation>QK-Norm-Verstärkung</translation>
    </message>
    <message>
        <source>Orthogonalization</source>
        <translation>Orthogonalisierung</translation>
    </message>
    <message>
        <source>The defaults reproduce the reference implementation; each alternative is recorded in run.json and named in the report.</source>
        <translation>Die Voreinstellungen geben die Referenzimplementierung wieder; jede Alternative wird in run.json festgehalten und im Bericht genannt.</translation>
    </message>
    <message>
        <source>With 4 or more seeds per cell the exact permutation test can reach p &lt; 0.05; with fewer the report&apos;s comparisons stay undetermined.</source>
        <translation>Mit 4 oder mehr Seeds pro Zelle kann der exakte Permutationstest p &lt; 0,05 erreichen; mit weniger bleiben die Vergleiche des Berichts unentschieden.</translation>
    </message>
    <message>
        <source>Runs trained at once. On the CPU they share the cores: each run uses fewer threads while others run beside it or the machine is busy, and more when cores become free.</source>
        <translation>Gleichzeitig trainierte Läufe. Auf der CPU teilen sie sich die Kerne: Jeder Lauf nutzt weniger Threads, solange andere neben ihm laufen oder der Rechner ausgelastet ist, und mehr, sobald Kerne frei werden.</translation>
    </message>
    <message>
        <source>Submit to Slurm…</source>
        <translation>An Slurm übergeben…</translation>
    </message>
    <message>
        <source>Cells to train (the study&apos;s optional controls start unticked)</source>
        <translation>Zu trainierende Zellen (die optionalen Kontrollen der Studie sind zunächst abgewählt)</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), %1 parameters each, %2 tokens in all; estimated %3: training at %4 tokens/s per thread (%5), plus validation on %6 tokens and a probe at each of %7 marks per run</source>
        <translation>
            <numerusform>%n Lauf, je %1 Parameter, %2 Tokens insgesamt; geschätzt %3: Training mit %4 Tokens/s je Thread (%5), dazu Validierung auf %6 Tokens und eine Messung an jeder der %7 Marken je Lauf</numerusform>
            <numerusform>%n Läufe, je %1 Parameter, %2 Tokens insgesamt; geschätzt %3: Training mit %4 Tokens/s je Thread (%5), dazu Validierung auf %6 Tokens und eine Messung an jeder der %7 Marken je Lauf</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>rsui::RunTableModel</name>
    <message>
        <source>training</source>
        <translation>trainiert</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>eingereiht</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>divergiert</translation>
    </message>
    <message>
        <source>cancelled (resumable)</source>
        <translation>abgebrochen (fortsetzbar)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Zelle</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Train loss</source>
        <translation>Trainings-Loss</translation>
    </message>
    <message>
        <source>Val loss</source>
        <translation>Val.-Loss</translation>
    </message>
    <message>
        <source>Key PR</source>
        <translation>Key-PR</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Token/s</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Mean participation ratio of K after QK-Norm, over layers and heads, at the last probed checkpoint</source>
        <translation>Mittleres Partizipationsverhältnis von K nach QK-Norm über Schichten und Köpfe am letzten vermessenen Checkpoint</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Rechenthreads</translation>
    </message>
    <message>
        <source>CPU threads the run computes with now: runs at once share the cores, and a run uses fewer threads while other programs keep the machine busy (changes are in the run&apos;s train.log)</source>
        <translation>CPU-Threads, mit denen der Lauf gerade rechnet: gleichzeitige Läufe teilen sich die Kerne, und ein Lauf nutzt weniger Threads, solange andere Programme den Rechner auslasten (Änderungen stehen in seinem train.log)</translation>
    </message>
    <message>
        <source>%1 · job %2</source>
        <translation>%1 · Job %2</translation>
    </message>
    <message>
        <source>%1 · damaged files left out: %2</source>
        <translation>%1 · beschädigte Dateien ausgelassen: %2</translation>
    </message>
</context>
<context>
    <name>rsui::SlurmTargetBox</name>
    <message>
        <source>Where to train</source>
        <translation>Wo trainiert wird</translation>
    </message>
    <message>
        <source>This machine</source>
        <translation>Dieser Rechner</translation>
    </message>
    <message>
        <source>Slurm cluster (one array task per run)</source>
        <translation>Slurm-Cluster (ein Array-Task je Lauf)</translation>
    </message>
    <message>
        <source>Training target</source>
        <translation>Trainingsziel</translation>
    </message>
    <message>
        <source>cluster default</source>
        <translation>Vorgabe des Clusters</translation>
    </message>
    <message>
        <source>partition default, e.g. 12:00:00</source>
        <translation>Vorgabe der Partition, z. B. 12:00:00</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keines</translation>
    </message>
    <message>
        <source>e.g. --constraint=a100 --qos=long</source>
        <translation>z. B. --constraint=a100 --qos=long</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partition</translation>
    </message>
    <message>
        <source>Time limit per task</source>
        <translation>Zeitlimit je Task</translation>
    </message>
    <message>
        <source>CPUs per task</source>
        <translation>CPUs je Task</translation>
    </message>
    <message>
        <source>GPUs per task</source>
        <translation>GPUs je Task</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Extra sbatch options</source>
        <translation>Weitere sbatch-Optionen</translation>
    </message>
    <message>
        <source>Slurm: sbatch is not on PATH. Submit from a cluster login node, or from a machine that is a Slurm client and shares the experiment folder with the compute nodes.</source>
        <translation>Slurm: sbatch ist nicht im PATH. Übergeben Sie vom Login-Knoten des Clusters oder von einem Rechner, der Slurm-Client ist und den Experimentordner mit den Rechenknoten teilt.</translation>
    </message>
    <message>
        <source>The experiment folder must be on a filesystem every node shares. Tasks are requeued before their time limit and resume where they stopped.</source>
        <translation>Der Experimentordner muss auf einem Dateisystem liegen, das alle Knoten teilen. Tasks werden vor ihrem Zeitlimit neu eingereiht und setzen dort fort, wo sie angehalten haben.</translation>
    </message>
</context>
<context>
    <name>rsui::SurgeryPanel</name>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Strategies</source>
        <translation>Strategien</translation>
    </message>
    <message>
        <source>all layers (or e.g. 0,2)</source>
        <translation>alle Schichten (oder z. B. 0,2)</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Load checkpoint</source>
        <translation>Checkpoint laden</translation>
    </message>
    <message>
        <source>Load the checkpoint into a private copy and compute its SVD bases and gamma order once</source>
        <translation>Den Checkpoint in eine eigene Kopie laden und SVD-Basen und Gamma-Reihenfolge einmal berechnen</translation>
    </message>
    <message>
        <source>Load a checkpoint to start.</source>
        <translation>Zum Start einen Checkpoint laden.</translation>
    </message>
    <message>
        <source>Sweep 0–90 %</source>
        <translation>Durchlauf 0–90 %</translation>
    </message>
    <message>
        <source>Every strategy at 0, 10, …, 90 % on the full test set; fills the surgery chart and writes surgery/ckpt-&lt;tokens&gt;-sweep.csv</source>
        <translation>Jede Strategie bei 0, 10, …, 90 % auf dem ganzen Testsatz; füllt das Chirurgie-Diagramm und schreibt surgery/ckpt-&lt;tokens&gt;-sweep.csv</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>%1 % pruned</source>
        <translation>%1 % entfernt</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Token</translation>
    </message>
    <message>
        <source>%1 at %2 tokens loaded; bases in %3 ms.</source>
        <translation>%1 bei %2 Token geladen; Basen in %3 ms.</translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation>Nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Sweep cancelled after %1 s; partial results in %2</source>
        <translation>Durchlauf nach %1 s abgebrochen; Teilergebnisse in %2</translation>
    </message>
    <message>
        <source>Sweep done in %1 s: %2</source>
        <translation>Durchlauf in %1 s fertig: %2</translation>
    </message>
    <message>
        <source>Pick a run with at least one checkpoint.</source>
        <translation>Bitte einen Lauf mit mindestens einem Checkpoint wählen.</translation>
    </message>
    <message>
        <source>Loading %1 at %2 tokens…</source>
        <translation>%1 bei %2 Token wird geladen…</translation>
    </message>
    <message>
        <source>&lt;i&gt;estimate on %1 test tokens, refining…&lt;/i&gt;</source>
        <translation>&lt;i&gt;Schätzung auf %1 Test-Token, wird verfeinert…&lt;/i&gt;</translation>
    </message>
    <message>
        <source>full test set, %1 tokens</source>
        <translation>ganzer Testsatz, %1 Token</translation>
    </message>
    <message>
        <source>unpruned loss: %1</source>
        <translation>Loss ohne Eingriff: %1</translation>
    </message>
    <message>
        <source>&lt;small&gt;%1 ms&lt;/small&gt;</source>
        <translation>&lt;small&gt;%1 ms&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Sweeping…</source>
        <translation>Durchlauf läuft…</translation>
    </message>
    <message>
        <source>Cancelling after the current point…</source>
        <translation>Abbruch nach dem aktuellen Punkt…</translation>
    </message>
    <message>
        <source>all KV heads (or e.g. 0)</source>
        <translation>alle KV-Köpfe (oder z. B. 0)</translation>
    </message>
    <message>
        <source>KV heads</source>
        <translation>KV-Köpfe</translation>
    </message>
    <message>
        <source>Fraction of key dimensions pruned</source>
        <translation>Anteil entfernter Key-Dimensionen</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>wird berechnet…</translation>
    </message>
    <message>
        <source>Replace the sweep?</source>
        <translation>Durchlauf ersetzen?</translation>
    </message>
    <message>
        <source>%1 already holds a sweep of this checkpoint. Replace it?</source>
        <translation>%1 enthält bereits einen Durchlauf dieses Checkpoints. Ersetzen?</translation>
    </message>
    <message>
        <source>The panel&apos;s own checkpoint: the scrubber under the charts moves the figures, not the loaded model</source>
        <translation>Der eigene Checkpoint des Bereichs: der Regler unter den Diagrammen bewegt die Abbildungen, nicht das geladene Modell</translation>
    </message>
    <message>
        <source>Sweeping: %1 of %2 points, about %3 s left</source>
        <translation>Durchlauf: %1 von %2 Punkten, noch etwa %3 s</translation>
    </message>
    <message>
        <source>Own checkpoint</source>
        <translation>Eigener Checkpoint</translation>
    </message>
</context>
<context>
    <name>rsui::SurgeryWorker</name>
    <message>
        <source>Open a run and checkpoint first.</source>
        <translation>Bitte zuerst Lauf und Checkpoint laden.</translation>
    </message>
</context>
</TS>

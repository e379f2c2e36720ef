package dev.dnevnik.news.digest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dnevnik.news.digest.DigestOptions.Language;
import dev.dnevnik.news.digest.DigestOptions.Length;
import dev.dnevnik.news.digest.DigestOptions.Style;

/**
 * A digest without a language model: the sentences of the selected items that the items agree on most, without
 * repeating each other.
 * <ol>
 * <li>Each item's summary (its title when it has none) is split into sentences ({@link Sentences}), each a vector of
 * its {@link Terms} weighted by log term frequency and inverse sentence frequency, normalised so that a dot product is
 * the cosine similarity.</li>
 * <li>Sentences are ranked TextRank-style: PageRank over the graph whose edges are the similarities between sentences
 * of different items (a long summary cannot vote for itself), so a sentence many items echo ranks high. The first
 * sentence of a summary, where news puts the point, gets a small lead bonus.</li>
 * <li>Sentences are picked by maximal marginal relevance: rank minus the similarity to what is already picked, and a
 * near-duplicate (the same wire story in two feeds) is never picked — until the length's budget of sentences and
 * characters is spent.</li>
 * </ol>
 * The text is laid out by style (a paragraph, "- " lines, or a part per item with its title), cites each item as
 * {@code [n]} (numbered by first appearance, matching {@link Citation#number()}) and ends with the references.
 * Deterministic: the same items and options give the same text. No I/O; thread-safe (no state).
 */
public final class ExtractiveSummarizer {

    public static final String ENGINE = "extractive";

    private static final double DAMPING = 0.85;
    private static final int MAX_ITERATIONS = 60;
    /** Total change of the scores (which sum to 1) below which the ranking no longer moves. */
    private static final double CONVERGED = 1e-5;
    /** Edges weaker than this are noise (one shared common word). */
    private static final double MIN_EDGE = 0.05;
    private static final double LEAD_BONUS = 1.15;
    /** Relevance against novelty in the picking (maximal marginal relevance). */
    private static final double LAMBDA = 0.7;
    /** At least this similar to a picked sentence: a near-duplicate, never picked. */
    private static final double DUPLICATE = 0.65;
    /** At least this similar to a picked sentence or its item's text: a story already told. */
    private static final double TOLD = 0.2;
    private static final int MAX_SENTENCES_PER_ITEM = 8;
    /** Only the best-ranked sentences are candidates for picking. */
    private static final int MAX_CANDIDATES = 400;

    /** How much text a length allows: sentences in all, characters of sentences, and sentences per item. */
    record Budget(int sentences, int characters, int perItem) {
        static Budget of(Length length, Style style) {
            int perItem = style == Style.DETAILED ? 3 : 2;
            return switch (length) {
                case SHORT -> new Budget(3, 450, perItem);
                case MEDIUM -> new Budget(6, 1000, perItem);
                case LONG -> new Budget(12, 2200, perItem);
            };
        }
    }

    /** One sentence of one item, with its term vector (term ids ascending, unit-length weights). */
    private record Sentence(int item, int position, String text, int[] terms, double[] weights) {
    }

    /** A term vector: term ids ascending, weights of unit length (a dot product is the cosine). */
    private record Vector(int[] terms, double[] weights) {
    }

    /** The sentences, and per item the vector of all its text (title and summary): what its story is about. */
    private record Corpus(List<Sentence> sentences, Vector[] stories) {
    }

    public DigestText summarize(List<DigestItem> items, DigestOptions options) {
        Language language = options.language() != null ? options.language() : Language.guess(items);
        Corpus corpus = corpus(items);
        List<Sentence> sentences = corpus.sentences();
        if (sentences.isEmpty()) {
            return new DigestText(DigestPhrases.nothingNew(language), List.of(), ENGINE);
        }
        double[] relevance = rank(sentences);
        List<Integer> picked = pick(corpus, relevance, Budget.of(options.length(), options.style()));
        return render(items, sentences, picked, options.style(), language);
    }

    // ------------------------------------------------------------------------------------------------ sentences

    private static Corpus corpus(List<DigestItem> items) {
        Map<String, Integer> vocabulary = new HashMap<>();
        List<List<String>> termsOf = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<int[]> origin = new ArrayList<>();
        List<List<String>> storyTerms = new ArrayList<>();
        for (int item = 0; item < items.size(); item++) {
            DigestItem news = items.get(item);
            List<String> story = new ArrayList<>(Terms.of(news.title()));
            boolean hasSummary = news.summary() != null && !news.summary().isBlank();
            String source = hasSummary ? news.summary() : news.title();
            List<String> split = Sentences.split(source);
            int kept = 0;
            for (int position = 0; position < split.size() && kept < MAX_SENTENCES_PER_ITEM; position++) {
                String text = split.get(position);
                List<String> terms = Terms.of(text);
                if (terms.isEmpty() || !hasLetters(text)) {
                    continue;
                }
                termsOf.add(terms);
                texts.add(text);
                origin.add(new int[] { item, kept++ });
                if (hasSummary) {
                    story.addAll(terms);
                }
            }
            storyTerms.add(story);
        }
        // term ids and document frequencies
        int count = termsOf.size();
        int[][] ids = new int[count][];
        int[][] tfs = new int[count][];
        int[] df = new int[64];
        for (int s = 0; s < count; s++) {
            List<String> terms = termsOf.get(s);
            int[] raw = new int[terms.size()];
            for (int t = 0; t < raw.length; t++) {
                raw[t] = vocabulary.computeIfAbsent(terms.get(t), key -> vocabulary.size());
            }
            Arrays.sort(raw);
            int distinct = 0;
            for (int t = 0; t < raw.length; t++) {
                if (t == 0 || raw[t] != raw[t - 1]) {
                    distinct++;
                }
            }
            int[] unique = new int[distinct];
            int[] tf = new int[distinct];
            int u = -1;
            for (int t = 0; t < raw.length; t++) {
                if (t == 0 || raw[t] != raw[t - 1]) {
                    unique[++u] = raw[t];
                    if (unique[u] >= df.length) {
                        df = Arrays.copyOf(df, Math.max(df.length * 2, unique[u] + 1));
                    }
                    df[unique[u]]++;
                }
                tf[u]++;
            }
            ids[s] = unique;
            tfs[s] = tf;
        }
        List<Sentence> sentences = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            double[] weights = new double[ids[s].length];
            double norm = 0;
            for (int t = 0; t < weights.length; t++) {
                double idf = Math.log(1.0 + (double) count / df[ids[s][t]]);
                weights[t] = (1.0 + Math.log(tfs[s][t])) * idf;
                norm += weights[t] * weights[t];
            }
            norm = Math.sqrt(norm);
            for (int t = 0; t < weights.length; t++) {
                weights[t] /= norm;
            }
            sentences.add(new Sentence(origin.get(s)[0], origin.get(s)[1], texts.get(s), ids[s], weights));
        }
        // stories: weighted by the same sentence frequencies (words found only in titles weigh as the rarest)
        Vector[] stories = new Vector[items.size()];
        for (int item = 0; item < stories.length; item++) {
            Map<Integer, Integer> tf = new java.util.TreeMap<>();
            for (String term : storyTerms.get(item)) {
                tf.merge(vocabulary.computeIfAbsent(term, key -> vocabulary.size()), 1, Integer::sum);
            }
            int[] terms = new int[tf.size()];
            double[] weights = new double[tf.size()];
            double norm = 0;
            int t = 0;
            for (Map.Entry<Integer, Integer> entry : tf.entrySet()) {
                int id = entry.getKey();
                int frequency = id >= 0 && id < df.length ? df[id] : 0;
                terms[t] = id;
                weights[t] = (1.0 + Math.log(entry.getValue())) * Math.log(1.0 + (double) count / Math.max(1, frequency));
                norm += weights[t] * weights[t];
                t++;
            }
            norm = Math.sqrt(norm);
            for (t = 0; t < weights.length; t++) {
                weights[t] = norm == 0 ? 0 : weights[t] / norm;
            }
            stories[item] = new Vector(terms, weights);
        }
        return new Corpus(sentences, stories);
    }

    private static boolean hasLetters(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ ranking

    /** TextRank scores, with the lead bonus, scaled so that the best is 1. */
    private static double[] rank(List<Sentence> sentences) {
        int count = sentences.size();
        // postings: for each term, the sentences holding it and its weight there (sentences ascending)
        int terms = 0;
        for (Sentence sentence : sentences) {
            for (int id : sentence.terms()) {
                terms = Math.max(terms, id + 1);
            }
        }
        int[] postingCount = new int[terms];
        for (Sentence sentence : sentences) {
            for (int id : sentence.terms()) {
                postingCount[id]++;
            }
        }
        int[][] postingSentence = new int[terms][];
        double[][] postingWeight = new double[terms][];
        for (int t = 0; t < terms; t++) {
            postingSentence[t] = new int[postingCount[t]];
            postingWeight[t] = new double[postingCount[t]];
        }
        int[] fill = new int[terms];
        for (int s = 0; s < count; s++) {
            Sentence sentence = sentences.get(s);
            for (int k = 0; k < sentence.terms().length; k++) {
                int t = sentence.terms()[k];
                postingSentence[t][fill[t]] = s;
                postingWeight[t][fill[t]++] = sentence.weights()[k];
            }
        }
        // similarities through the postings: only pairs sharing a term are ever visited
        double[] dot = new double[count];
        int[] touched = new int[count];
        EdgeList edges = new EdgeList(count);
        for (int i = 0; i < count; i++) {
            Sentence sentence = sentences.get(i);
            int touchedCount = 0;
            for (int k = 0; k < sentence.terms().length; k++) {
                int t = sentence.terms()[k];
                double weight = sentence.weights()[k];
                int[] holders = postingSentence[t];
                double[] holderWeights = postingWeight[t];
                for (int p = holders.length - 1; p >= 0 && holders[p] > i; p--) {
                    int j = holders[p];
                    if (dot[j] == 0) {
                        touched[touchedCount++] = j;
                    }
                    dot[j] += weight * holderWeights[p];
                }
            }
            for (int n = 0; n < touchedCount; n++) {
                int j = touched[n];
                if (dot[j] >= MIN_EDGE && sentences.get(j).item() != sentence.item()) {
                    edges.add(i, j, dot[j]);
                }
                dot[j] = 0;
            }
        }
        double[] score = edges.pageRank(DAMPING, MAX_ITERATIONS, CONVERGED);
        double best = 0;
        for (int s = 0; s < count; s++) {
            if (sentences.get(s).position() == 0) {
                score[s] *= LEAD_BONUS;
            }
            best = Math.max(best, score[s]);
        }
        for (int s = 0; s < count; s++) {
            score[s] /= best;
        }
        return score;
    }

    /** An undirected weighted graph, built edge by edge, ranked by weighted PageRank. */
    private static final class EdgeList {
        private final int nodes;
        private int[] from = new int[256];
        private int[] to = new int[256];
        private double[] weight = new double[256];
        private int size;

        EdgeList(int nodes) {
            this.nodes = nodes;
        }

        void add(int a, int b, double w) {
            if (size == from.length) {
                from = Arrays.copyOf(from, size * 2);
                to = Arrays.copyOf(to, size * 2);
                weight = Arrays.copyOf(weight, size * 2);
            }
            from[size] = a;
            to[size] = b;
            weight[size++] = w;
        }

        double[] pageRank(double damping, int maxIterations, double converged) {
            double[] strength = new double[nodes];
            for (int e = 0; e < size; e++) {
                strength[from[e]] += weight[e];
                strength[to[e]] += weight[e];
            }
            // each edge's share of its ends' votes, both ways
            double[] shareFrom = new double[size];
            double[] shareTo = new double[size];
            for (int e = 0; e < size; e++) {
                shareFrom[e] = weight[e] / strength[from[e]];
                shareTo[e] = weight[e] / strength[to[e]];
            }
            double[] score = new double[nodes];
            double[] next = new double[nodes];
            Arrays.fill(score, 1.0 / nodes);
            for (int iteration = 0; iteration < maxIterations; iteration++) {
                double dangling = 0;
                for (int n = 0; n < nodes; n++) {
                    if (strength[n] == 0) {
                        dangling += score[n];
                    }
                }
                double base = (1 - damping) / nodes + damping * dangling / nodes;
                Arrays.fill(next, base);
                for (int e = 0; e < size; e++) {
                    next[to[e]] += damping * score[from[e]] * shareFrom[e];
                    next[from[e]] += damping * score[to[e]] * shareTo[e];
                }
                double change = 0;
                for (int n = 0; n < nodes; n++) {
                    change += Math.abs(next[n] - score[n]);
                }
                double[] swap = score;
                score = next;
                next = swap;
                if (change < converged) {
                    break;
                }
            }
            return score;
        }
    }

    // ------------------------------------------------------------------------------------------------ picking

    /**
     * Maximal marginal relevance in two rounds: first one sentence per story not yet told (a story is told when a
     * sentence of the same item was picked, or when a picked sentence or its item's text is similar to the
     * candidate's), so that the budget covers the most central stories before it says more about one; then any
     * sentence that is not a near-duplicate, a told item's further sentences before other items' retellings.
     */
    private static List<Integer> pick(Corpus corpus, double[] relevance, Budget budget) {
        List<Sentence> sentences = corpus.sentences();
        int count = sentences.size();
        Integer[] order = new Integer[count];
        for (int s = 0; s < count; s++) {
            order[s] = s;
        }
        // best first; ties: earlier item, earlier sentence (stable sort keeps the input order)
        Arrays.sort(order, (a, b) -> Double.compare(relevance[b], relevance[a]));
        int candidates = Math.min(count, MAX_CANDIDATES);
        double[] closest = new double[candidates];
        double[] closestStory = new double[candidates];
        boolean[] out = new boolean[candidates];
        Map<Integer, Integer> perItem = new HashMap<>();
        List<Integer> picked = new ArrayList<>();
        int characters = 0;
        boolean newStoriesOnly = true;
        while (picked.size() < budget.sentences()) {
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < candidates; c++) {
                if (out[c]) {
                    continue;
                }
                Sentence sentence = sentences.get(order[c]);
                double redundancy = Math.max(closest[c], closestStory[c]);
                if (closest[c] >= DUPLICATE
                        || (newStoriesOnly && (redundancy >= TOLD || perItem.containsKey(sentence.item())))
                        || perItem.getOrDefault(sentence.item(), 0) >= budget.perItem()
                        || (!picked.isEmpty() && characters + sentence.text().length() > budget.characters())) {
                    continue;
                }
                double score = LAMBDA * relevance[order[c]] - (1 - LAMBDA) * redundancy;
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
            if (best < 0) {
                if (newStoriesOnly) {
                    newStoriesOnly = false;
                    continue;
                }
                break;
            }
            out[best] = true;
            Sentence chosen = sentences.get(order[best]);
            picked.add(order[best]);
            perItem.merge(chosen.item(), 1, Integer::sum);
            characters += chosen.text().length();
            Vector story = corpus.stories()[chosen.item()];
            for (int c = 0; c < candidates; c++) {
                if (!out[c]) {
                    Sentence other = sentences.get(order[c]);
                    closest[c] = Math.max(closest[c], cosine(chosen.terms(), chosen.weights(), other.terms(),
                            other.weights()));
                    // a sentence of the same item is more of the story told, not the story again
                    if (other.item() != chosen.item()) {
                        Vector otherStory = corpus.stories()[other.item()];
                        closestStory[c] = Math.max(closestStory[c], cosine(story.terms(), story.weights(),
                                otherStory.terms(), otherStory.weights()));
                    }
                }
            }
        }
        return picked;
    }

    private static double cosine(int[] x, double[] xWeights, int[] y, double[] yWeights) {
        double sum = 0;
        int i = 0;
        int j = 0;
        while (i < x.length && j < y.length) {
            if (x[i] == y[j]) {
                sum += xWeights[i++] * yWeights[j++];
            } else if (x[i] < y[j]) {
                i++;
            } else {
                j++;
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------------------------------------ layout

    private static DigestText render(List<DigestItem> items, List<Sentence> sentences, List<Integer> picked,
            Style style, Language language) {
        // the picked sentences per item, items in the order of their best sentence, sentences in text order
        Map<Integer, List<Sentence>> byItem = new LinkedHashMap<>();
        for (int s : picked) {
            Sentence sentence = sentences.get(s);
            byItem.computeIfAbsent(sentence.item(), item -> new ArrayList<>()).add(sentence);
        }
        List<Integer> itemOrder = new ArrayList<>(byItem.keySet());
        if (style == Style.DETAILED) {
            // items of one category together, categories in the order of their best item
            Map<String, List<Integer>> byCategory = new LinkedHashMap<>();
            for (int item : itemOrder) {
                String category = items.get(item).category();
                byCategory.computeIfAbsent(category == null ? "" : category, c -> new ArrayList<>()).add(item);
            }
            itemOrder = byCategory.values().stream().flatMap(List::stream).toList();
        }
        List<Citation> citations = new ArrayList<>();
        StringBuilder out = new StringBuilder(DigestPhrases.heading(language)).append("\n\n");
        for (int i = 0; i < itemOrder.size(); i++) {
            int item = itemOrder.get(i);
            DigestItem news = items.get(item);
            int number = citations.size() + 1;
            citations.add(new Citation(number, news.id(), oneLine(news.title()), link(news.link())));
            List<Sentence> chosen = new ArrayList<>(byItem.get(item));
            chosen.sort((a, b) -> Integer.compare(a.position(), b.position()));
            String text = String.join(" ", chosen.stream().map(Sentence::text).toList());
            switch (style) {
                case BRIEF -> out.append(i == 0 ? "" : " ").append(cite(text, number));
                case BULLETS -> out.append(i == 0 ? "" : "\n").append("- ").append(cite(text, number));
                case DETAILED -> {
                    String title = oneLine(news.title());
                    out.append(i == 0 ? "" : "\n\n");
                    if (title.isEmpty() || Terms.of(title).equals(Terms.of(text))) {
                        out.append(cite(text, number));
                    } else {
                        out.append(title).append(" [").append(number).append("]\n").append(text);
                    }
                }
            }
        }
        out.append(DigestPhrases.referencesSection(citations, language));
        return new DigestText(out.toString(), citations, ENGINE);
    }

    /** "Text [n]." for a sentence ending in a period or an ellipsis; "Text? [n]" otherwise. */
    static String cite(String text, int number) {
        String mark = " [" + number + "]";
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '…')) {
            end--;
        }
        if (end < text.length() && end > 0) {
            return text.substring(0, end) + mark + text.substring(end);
        }
        return text + mark;
    }

    static String oneLine(String text) {
        return text == null ? "" : Sentences.clean(text).replace('\n', ' ');
    }

    /** An item's link as cited: one line, or null. */
    static String link(String link) {
        if (link == null) {
            return null;
        }
        String clean = oneLine(link).strip();
        return clean.isEmpty() ? null : clean;
    }
}

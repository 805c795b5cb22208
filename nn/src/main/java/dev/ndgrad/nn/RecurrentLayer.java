package dev.ndgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Strings.lenientFormat;

import dev.ndgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: PyTorch's parameters and layouts, the loop over layers,
 * directions and time steps; each subclass gives its cell, one step {@code (x_t, state) → state}.
 *
 * <p>Every layer {@code l} and direction has {@code weight_ih_l{l}} {@code [G·H, in]},
 * {@code weight_hh_l{l}} {@code [G·H, H]} and, with biases, {@code bias_ih_l{l}}, {@code bias_hh_l{l}}
 * {@code [G·H]} ({@code G} gates stacked in PyTorch's order, {@code H} the hidden size, {@code in} the input
 * size for {@code l = 0} and {@code H·directions} above; the backward direction's names end in
 * {@code _reverse}), registered in PyTorch's order, so a PyTorch state dict loads unchanged. Initialisation as
 * PyTorch: every weight and bias {@code U(−1/√H, 1/√H)}.
 *
 * <p>Each step computes the input and hidden projections {@code x_t·W_ihᵀ + b_ih} and
 * {@code h·W_hhᵀ + b_hh}, then the cell. The input projection is done per step rather than once for the whole
 * sequence: picking step {@code t} out of one {@code [T, batch, G·H]} product costs, in backward, a gradient
 * the size of the whole product per step (O(T²)), which per-step products avoid.
 */
public abstract sealed class RecurrentLayer extends Module permits RNN, LSTM, GRU {

    private final String kind;
    private final long inputSize;
    private final long hiddenSize;
    private final int stateCount;
    private final RecurrentOptions options;
    private final CellParameters[] cells;   // index layer·directions + direction
    private final Dropout dropout;

    /** The handles of one layer and direction; biases null without bias. */
    private record CellParameters(Parameter weightIh, Parameter weightHh, Parameter biasIh, Parameter biasHh) {}

    RecurrentLayer(String kind, long inputSize, long hiddenSize, int gates, int stateCount, RecurrentOptions options) {
        checkArgument(inputSize > 0 && hiddenSize > 0, "%s: inputSize and hiddenSize must be positive, got %s and %s",
                kind, inputSize, hiddenSize);
        checkNotNull(options, "%s: options are null", kind);
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.stateCount = stateCount;
        this.options = options;
        int directions = options.directions();
        this.cells = new CellParameters[Math.toIntExact(options.numLayers() * directions)];
        Random random = options.random();
        double bound = 1 / Math.sqrt(hiddenSize);
        long rows = gates * hiddenSize;
        for (int layer = 0; layer < options.numLayers(); layer++) {
            long in = layer == 0 ? inputSize : hiddenSize * directions;
            for (int direction = 0; direction < directions; direction++) {
                String suffix = "_l" + layer + (direction == 1 ? "_reverse" : "");
                Parameter wih = param("weight_ih" + suffix, uniform(bound, random, rows, in));
                Parameter whh = param("weight_hh" + suffix, uniform(bound, random, rows, hiddenSize));
                Parameter bih = options.bias() ? param("bias_ih" + suffix, uniform(bound, random, rows)) : null;
                Parameter bhh = options.bias() ? param("bias_hh" + suffix, uniform(bound, random, rows)) : null;
                cells[layer * directions + direction] = new CellParameters(wih, whh, bih, bhh);
            }
        }
        this.dropout = new Dropout(options.dropout(), new Random(random.nextLong()));
    }

    private Tensor uniform(double bound, Random random, long... shape) {
        return Init.uniform(Tensor.zeros(options.dtype(), shape), -bound, bound, random);
    }

    /**
     * One time step of the cell: {@code gx = x_t·W_ihᵀ + b_ih} and {@code gh = h·W_hhᵀ + b_hh}
     * ({@code [batch, G·H]}), the state {@code [h]} or {@code [h, c]} ({@code [batch, H]} each) → the new state.
     */
    abstract Tensor[] step(Tensor gx, Tensor gh, Tensor[] state);

    // ------------------------------------------------------------------ forward

    /**
     * The output sequence for {@code x} {@code [batch, seq, input]} (batch-first; {@code [seq, batch, input]}
     * otherwise; or {@code [seq, input]} unbatched) from zero initial states: {@code [batch, seq, H·directions]}
     * (the last layer's hidden state at every step).
     */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, new Tensor[stateCount]).get(0);
    }

    /**
     * {@code [x]} or {@code [x, h₀]} ({@code [x, h₀, c₀]} for an LSTM; states omitted are zeros) →
     * {@code [output, h_n]} ({@code [output, h_n, c_n]}), as PyTorch's {@code forward(input, hx)}. The states are
     * {@code [layers·directions, batch, H]} ({@code [layers·directions, H]} for an unbatched input), the final
     * ones taken after the last step of each direction (for the backward direction, after step 0).
     */
    @Override
    public List<Tensor> forwardAll(List<Tensor> inputs) {
        checkNotNull(inputs, "%s.forwardAll: inputs are null", kind);
        if (inputs.isEmpty() || inputs.size() > 1 + stateCount) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s.forwardAll: takes the input and up to %s initial state%s, got %s tensors", kind, stateCount,
                    stateCount == 1 ? "" : "s", inputs.size()));
        }
        Tensor[] initial = new Tensor[stateCount];
        for (int i = 1; i < inputs.size(); i++) {
            initial[i - 1] = checkNotNull(inputs.get(i), "%s.forwardAll: input %s is null", kind, i);
        }
        return run(inputs.get(0), initial);
    }

    /** Zeros of the shape of {@code h₀} (and {@code c₀}): {@code [layers·directions, batch, H]}, the layer's dtype. */
    public Tensor zeroState(long batch) {
        checkArgument(batch > 0, "%s.zeroState: batch must be positive, got %s", kind, batch);
        return Tensor.zeros(dtype(), cells.length, batch, hiddenSize);
    }

    /** {@code [output, final states…]} from the initial states (null entries: zeros). */
    final List<Tensor> run(Tensor x, Tensor[] initial) {
        checkInput(x);
        boolean unbatched = x.rank() == 2;
        Tensor batched = unbatched ? x.unsqueeze(options.batchFirst() ? 0 : 1) : x;
        int timeAxis = options.batchFirst() ? 1 : 0;
        int steps = Math.toIntExact(batched.size(timeAxis));
        long batch = batched.size(1 - timeAxis);
        Tensor[][] start = initialStates(initial, batch, unbatched);

        List<Tensor> sequence = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            sequence.add(batched.slice(timeAxis, t, t + 1).reshape(batch, inputSize));
        }
        int directions = options.directions();
        Tensor[][] last = new Tensor[cells.length][];
        for (int layer = 0; layer < options.numLayers(); layer++) {
            List<List<Tensor>> perDirection = new ArrayList<>(directions);
            for (int direction = 0; direction < directions; direction++) {
                int index = layer * directions + direction;
                Tensor[] outputs = new Tensor[steps];
                last[index] = scan(cells[index], sequence, start[index], direction == 1, outputs);
                perDirection.add(Arrays.asList(outputs));
            }
            sequence = directions == 1 ? perDirection.get(0) : concatenated(perDirection.get(0), perDirection.get(1));
            if (isTraining() && options.dropout() > 0 && layer < options.numLayers() - 1) {
                sequence.replaceAll(dropout::forward);
            }
        }
        List<Tensor> results = new ArrayList<>(1 + stateCount);
        Tensor output = Tensor.stack(timeAxis, sequence.toArray(Tensor[]::new));
        results.add(unbatched ? output.squeeze(timeAxis == 1 ? 0 : 1) : output);
        for (int s = 0; s < stateCount; s++) {
            Tensor[] finals = new Tensor[cells.length];
            for (int i = 0; i < cells.length; i++) {
                finals[i] = last[i][s];
            }
            Tensor state = Tensor.stack(0, finals);
            results.add(unbatched ? state.squeeze(1) : state);
        }
        return List.copyOf(results);
    }

    /** Runs one layer and direction over the steps, writing the hidden state of each step into {@code outputs}. */
    private Tensor[] scan(CellParameters p, List<Tensor> inputs, Tensor[] state, boolean reverse, Tensor[] outputs) {
        int steps = inputs.size();
        Tensor wih = p.weightIh().get();
        Tensor whh = p.weightHh().get();
        Tensor bih = p.biasIh() == null ? null : p.biasIh().get();
        Tensor bhh = p.biasHh() == null ? null : p.biasHh().get();
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Tensor gx = inputs.get(t).linear(wih, bih);
            Tensor gh = state[0].linear(whh, bhh);
            state = step(gx, gh, state);
            outputs[t] = state[0];
        }
        return state;
    }

    private static List<Tensor> concatenated(List<Tensor> forward, List<Tensor> backward) {
        List<Tensor> joined = new ArrayList<>(forward.size());
        for (int t = 0; t < forward.size(); t++) {
            joined.add(Tensor.concat(1, forward.get(t), backward.get(t)));
        }
        return joined;
    }

    // ------------------------------------------------------------------ checks

    private void checkInput(Tensor x) {
        checkNotNull(x, "%s: input is null", kind);
        String layout = options.batchFirst() ? "[batch, seq, %s]" : "[seq, batch, %s]";
        if (!((x.rank() == 3 || x.rank() == 2) && x.size(-1) == inputSize && x.size() > 0)) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s(%s, %s): input %s must be " + layout + " (or [seq, %s] unbatched), non-empty", kind, inputSize,
                    hiddenSize, Described.of(x), inputSize, inputSize));
        }
        if (x.dtype() != dtype()) {
            throw new IllegalArgumentException(lenientFormat(
                    "%s(%s, %s): input %s has dtype %s, the layer %s", kind, inputSize,
                    hiddenSize, Described.of(x), x.dtype(), dtype()));
        }
    }

    /** Per layer and direction, the initial state tensors {@code [batch, H]}. */
    private Tensor[][] initialStates(Tensor[] initial, long batch, boolean unbatched) {
        Tensor[][] start = new Tensor[cells.length][stateCount];
        for (int s = 0; s < stateCount; s++) {
            Tensor given = initial[s];
            if (given != null) {
                long[] expected = unbatched ? new long[] {cells.length, hiddenSize}
                        : new long[] {cells.length, batch, hiddenSize};
                if (!(Arrays.equals(given.shape(), expected) && given.dtype() == dtype())) {
                    throw new IllegalArgumentException(lenientFormat(
                            "%s(%s, %s): initial state %s %s must be %s %s ([layers·directions, batch, hidden])", kind,
                            inputSize, hiddenSize, stateName(s),
                            Described.of(given), dtype(), Arrays.toString(expected)));
                }
                given = unbatched ? given.unsqueeze(1) : given;
            }
            for (int i = 0; i < cells.length; i++) {
                start[i][s] = given == null ? Tensor.zeros(dtype(), batch, hiddenSize)
                        : given.slice(0, i, i + 1).reshape(batch, hiddenSize);
            }
        }
        return start;
    }

    private static String stateName(int s) {
        return s == 0 ? "h₀" : "c₀";
    }

    // ------------------------------------------------------------------ accessors

    public long inputSize() {
        return inputSize;
    }

    public long hiddenSize() {
        return hiddenSize;
    }

    public RecurrentOptions options() {
        return options;
    }

    /** The parameters' dtype (read from the current tensors: {@link #to} changes it). */
    public DataType dtype() {
        return cells[0].weightIh().get().dtype();
    }

    @Override
    protected String extraRepr() {
        RecurrentOptions o = options;
        return inputSize + ", " + hiddenSize + (o.numLayers() > 1 ? ", num_layers=" + o.numLayers() : "")
                + (o.bias() ? "" : ", bias=false") + ", batch_first=" + o.batchFirst()
                + (o.dropout() > 0 ? ", dropout=" + o.dropout() : "") + (o.bidirectional() ? ", bidirectional=true" : "")
                + extraCellRepr();
    }

    /** Anything the cell adds to {@link #extraRepr()} (RNN's nonlinearity). */
    String extraCellRepr() {
        return "";
    }
}

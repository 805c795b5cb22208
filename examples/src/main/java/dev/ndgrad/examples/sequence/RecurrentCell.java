package dev.ndgrad.examples.sequence;

/** The recurrent layer of the {@link CharLanguageModel}. */
public enum RecurrentCell {
    /** {@link dev.ndgrad.nn.LSTM}: input, forget and output gates and a cell state. */
    lstm,
    /** {@link dev.ndgrad.nn.GRU}: reset and update gates, no separate cell state. */
    gru
}

package dev.classicnets.common.data;

import java.io.IOException;

/** A data set was not found anywhere it was looked for; the message says where and what to do. */
public class DatasetNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String message) {
        super(message);
    }
}

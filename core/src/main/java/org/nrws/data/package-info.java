/** Binary data sets and the minibatch sources that feed the {@link org.nrws.train.Trainer}. */
package org.nrws.data;
